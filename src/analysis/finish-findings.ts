// The last step of an analysis: suppressions, severity policy for their
// notices, a stable order and no duplicates.
import { rules } from "./rules/index.js";
import { applySuppressions, type Suppression, SUPPRESSION_RULE_ID } from "./suppress.js";
import type { AnalysisResult, AnalyzeOptions, Finding } from "./types.js";

export interface CollectedFindings {
  findings: Finding[];
  suppressions: Suppression[];
  lines: ReadonlyMap<string, readonly string[]>;
}

export function finishFindings(result: AnalysisResult, collected: CollectedFindings, options: AnalyzeOptions): AnalysisResult {
  const active = rules.filter((r) => options.ruleSeverities?.[r.id] !== "off").map((r) => r.id);
  const outcome = applySuppressions(collected.findings, collected.suppressions, {
    knownRules: new Set(rules.map((r) => r.id)),
    activeRules: new Set(active),
    lines: collected.lines,
  });
  const noticeSeverity = options.ruleSeverities?.[SUPPRESSION_RULE_ID] ?? "notice";
  const notices = noticeSeverity === "off" ? [] : outcome.notices.map((n) => ({ ...n, severity: noticeSeverity }));
  return {
    ...result,
    findings: sortUnique([...outcome.findings, ...notices]),
    suppressed: sortUnique(outcome.suppressed),
  };
}

export function compareFindings(a: Finding, b: Finding): number {
  const x = a.location;
  const y = b.location;
  return (
    cmp(x.path, y.path) ||
    x.startLine - y.startLine ||
    x.startColumn - y.startColumn ||
    cmp(a.ruleId, b.ruleId) ||
    x.endLine - y.endLine ||
    x.endColumn - y.endColumn ||
    cmp(a.message, b.message)
  );
}

function sortUnique(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  const out: Finding[] = [];
  for (const f of [...findings].sort(compareFindings)) {
    const l = f.location;
    const key = [f.ruleId, l.path, l.startLine, l.startColumn, l.endLine, l.endColumn, f.message].join("\u0000");
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(f);
  }
  return out;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
