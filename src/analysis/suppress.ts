// `//mapguard:ignore <rule-id>[,<rule-id>] <reason>` on the flagged line or the
// line above silences those rules there. Every silence must explain itself:
// a suppression without a reason, naming an unknown rule, or matching nothing
// is itself reported as a notice.
import { fingerprint } from "./fingerprint.js";
import type { Finding, Location } from "./types.js";

export const SUPPRESSION_RULE_ID = "suppression";

const DIRECTIVE = /\/\/\s*mapguard:ignore\b[ \t]*([^\s]*)[ \t]*(.*)$/;

export interface Suppression {
  location: Location;
  line: number;
  ruleIds: string[];
  reason: string;
}

/**
 * The suppressions in a file. `isComment(offset)` confirms that the text at a
 * UTF-16 offset is a Go comment, so a string literal that merely contains the
 * directive does not count.
 */
export function findSuppressions(path: string, lines: readonly string[], isComment: (line: number, column: number) => boolean): Suppression[] {
  const out: Suppression[] = [];
  lines.forEach((text, i) => {
    if (!text.includes("mapguard:ignore")) return;
    const match = DIRECTIVE.exec(text);
    if (!match) return;
    const column = match.index;
    if (!isComment(i, column)) return;
    out.push({
      location: { path, startLine: i + 1, startColumn: column + 1, endLine: i + 1, endColumn: text.length + 1 },
      line: i + 1,
      ruleIds: match[1] ? match[1].split(",").filter((id) => id !== "") : [],
      reason: match[2].trim(),
    });
  });
  return out;
}

export interface SuppressionPolicy {
  /** Every rule id mapguard knows. */
  knownRules: ReadonlySet<string>;
  /** Rules that ran: a suppression for a rule turned off is not "unused". */
  activeRules: ReadonlySet<string>;
  /** File lines by path, for the notices' fingerprints. */
  lines: ReadonlyMap<string, readonly string[]>;
}

export interface SuppressionOutcome {
  findings: Finding[];
  suppressed: Finding[];
  notices: Finding[];
}

export function applySuppressions(
  findings: readonly Finding[],
  suppressions: readonly Suppression[],
  policy: SuppressionPolicy,
): SuppressionOutcome {
  const used = new Set<string>();
  const kept: Finding[] = [];
  const suppressed: Finding[] = [];
  const byPlace = new Map<string, Suppression[]>();
  for (const s of suppressions) {
    const key = `${s.location.path}:${s.line}`;
    byPlace.set(key, [...(byPlace.get(key) ?? []), s]);
  }
  for (const finding of findings) {
    const { path, startLine } = finding.location;
    const candidates = [...(byPlace.get(`${path}:${startLine}`) ?? []), ...(byPlace.get(`${path}:${startLine - 1}`) ?? [])];
    const match = candidates.find((s) => s.ruleIds.includes(finding.ruleId));
    if (!match) {
      kept.push(finding);
      continue;
    }
    used.add(`${path}:${match.line}:${finding.ruleId}`);
    suppressed.push(finding);
  }
  const notices = suppressions.flatMap((s) => noticesFor(s, used, policy));
  return { findings: kept, suppressed, notices };
}

function noticesFor(s: Suppression, used: ReadonlySet<string>, policy: SuppressionPolicy): Finding[] {
  const out: Finding[] = [];
  const notice = (messageId: string, subject: string, message: string): void => {
    out.push({
      ruleId: SUPPRESSION_RULE_ID,
      severity: "notice",
      location: s.location,
      message,
      messageId,
      related: [],
      fingerprint: fingerprint({
        ruleId: SUPPRESSION_RULE_ID,
        path: s.location.path,
        subject: `${messageId}:${subject}`,
        lines: policy.lines.get(s.location.path) ?? [],
        startLine: s.line,
        endLine: s.line,
      }),
    });
  };
  if (s.ruleIds.length === 0) {
    notice("noRule", "", "This `//mapguard:ignore` names no rule; write `//mapguard:ignore <rule-id> <reason>`.");
    return out;
  }
  if (s.reason === "") {
    notice(
      "missingReason",
      s.ruleIds.join(","),
      `This \`//mapguard:ignore ${s.ruleIds.join(",")}\` gives no reason; add one after the rule id so the silence explains itself.`,
    );
  }
  for (const id of s.ruleIds) {
    if (!policy.knownRules.has(id)) {
      notice("unknownRule", id, `\`//mapguard:ignore\` names \`${id}\`, which is not a mapguard rule.`);
    } else if (policy.activeRules.has(id) && !used.has(`${s.location.path}:${s.line}:${id}`)) {
      notice(
        "unused",
        id,
        `This \`//mapguard:ignore ${id}\` matches no \`${id}\` finding on its line or the next; remove it.`,
      );
    }
  }
  return out;
}
