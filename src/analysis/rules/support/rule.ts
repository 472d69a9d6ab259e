// What a rule is: data plus one pure function over a package's semantic
// layer (IR, types, call graph, flow and summaries).
import { fingerprint } from "../../fingerprint.js";
import type { FileModel } from "../../file-model.js";
import type { PackageFacts } from "../../package-facts.js";
import type { AnalyzeOptions, Finding, Fix, Location, RuleMeta } from "../../types.js";

/** What a rule may know of the analysis options: the module's `go` directive decides what a fix may use. */
export type RuleOptions = Pick<AnalyzeOptions, "goVersion">;

export interface Rule<K extends string = string> {
  id: string;
  meta: RuleMeta;
  /** Message templates by key; `{name}`-style placeholders are filled from a finding's params. */
  messages: Record<K, string>;
  check(pkg: PackageFacts, options?: RuleOptions): Finding[];
}

export function formatMessage(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in params ? String(params[key]) : whole));
}

export interface FindingDraft<K extends string> {
  messageId: K;
  params: Record<string, string | number>;
  /** What the finding is about (the map's name): part of its fingerprint. */
  subject: string;
  location: Location;
  related: { location: Location; messageId: K }[];
  fix?: Fix;
}

/** Builds a Finding from a rule's draft: message text, default severity, fingerprint. */
export function makeFinding<K extends string>(rule: Rule<K>, pkg: { files: readonly FileModel[] }, draft: FindingDraft<K>): Finding {
  const file = pkg.files.find((f) => f.path === draft.location.path);
  return {
    ruleId: rule.id,
    severity: rule.meta.severity,
    location: draft.location,
    message: formatMessage(rule.messages[draft.messageId], draft.params),
    messageId: draft.messageId,
    related: draft.related.map((r) => ({ location: r.location, message: formatMessage(rule.messages[r.messageId], draft.params) })),
    ...(draft.fix ? { fix: draft.fix } : {}),
    fingerprint: fingerprint({
      ruleId: rule.id,
      path: draft.location.path,
      subject: draft.subject,
      lines: file?.lines ?? [],
      startLine: draft.location.startLine,
      endLine: draft.location.endLine,
    }),
  };
}
