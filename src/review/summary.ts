// Check-run title, summary, conclusion and annotations. The counts here must
// match the inline comments exactly, so they are all derived from the same
// ReviewedFinding list the comments come from.
import type { FileNote, Finding, Severity, SkippedFile, UnanalyzedPackage } from "../analysis/types.js";
import { SEVERITIES } from "../analysis/types.js";
import type { ReviewedFinding } from "./filter.js";
import { escapeMarkdown, escapeProse, tableCell } from "./markdown.js";
import { ruleDocsUrl } from "./render.js";

export type FailOn = Severity | "never";
export type Conclusion = "success" | "failure" | "neutral" | "cancelled";

/** Shaped like `output.annotations[]` of checks.create / checks.update. */
export interface Annotation {
  path: string;
  start_line: number;
  end_line: number;
  start_column?: number;
  end_column?: number;
  annotation_level: "failure" | "warning" | "notice";
  message: string;
  title: string;
  raw_details?: string;
}

export interface CheckOutput {
  conclusion: Conclusion;
  title: string;
  /** Markdown, at most 65,535 bytes. */
  summary: string;
  /** All of them; the publisher sends them 50 per request. */
  annotations: Annotation[];
}

export interface SummaryInput {
  reviewed: ReviewedFinding[];
  fixed: Finding[];
  suppressed: Finding[];
  skipped: SkippedFile[];
  notes: FileNote[];
  /** Number of Go files analysed at head (changed files plus package siblings). */
  analyzedFiles: number;
  /** Number of changed Go files. */
  changedFiles: number;
  /** Number of added lines over the changed Go files. */
  changedLines: number;
  failOn: FailOn;
  /** Fingerprints that got (or already had) an inline comment; the rest are listed as overflow. */
  commented?: Set<string>;
  docsBaseUrl: string;
  /** Packages holding changed files that the analysis could not finish (over budget, a bug of mapguard's). */
  unanalyzed?: UnanalyzedPackage[];
  /** The conclusion when some package was not analysed and no finding fails the check (`on_error`). */
  onError?: Conclusion;
}

/** GitHub's limits on a check run's output. */
export const MAX_TITLE_CHARS = 255;
export const MAX_SUMMARY_BYTES = 65_535;
/** Rows per list before the rest is only counted, so one long list cannot crowd out the others. */
const MAX_LIST_ROWS = 500;

const LEVELS: Record<Severity, Annotation["annotation_level"]> = { error: "failure", warning: "warning", notice: "notice" };

/** True when a finding of `severity` fails a check with this `failOn`. */
export function failsAt(severity: Severity, failOn: FailOn): boolean {
  if (failOn === "never") return false;
  return SEVERITIES.indexOf(severity) <= SEVERITIES.indexOf(failOn);
}

export function buildCheckOutput(input: SummaryInput): CheckOutput {
  const introduced = input.reviewed.filter((r) => r.introduced).map((r) => r.finding);
  const unanalyzed = input.unanalyzed ?? [];
  // A package that could not be analysed is never read as clean: its conclusion is on_error's.
  const conclusion: Conclusion = introduced.some((f) => failsAt(f.severity, input.failOn))
    ? "failure"
    : unanalyzed.length > 0
      ? (input.onError ?? "neutral")
      : "success";
  return {
    conclusion,
    title: truncateChars(titleFor(introduced, unanalyzed), MAX_TITLE_CHARS),
    summary: summaryFor(input, introduced),
    annotations: introduced.map(annotationFor),
  };
}

/** The output of a check that mapguard could not finish: says why, never hangs. */
export function errorCheckOutput(reason: string, conclusion: Conclusion): CheckOutput {
  const oneLine = reason.replace(/\s+/g, " ").trim() || "unknown error";
  const title = truncateChars(`mapguard could not finish: ${oneLine}`, MAX_TITLE_CHARS);
  const summary = [
    "## mapguard could not finish the analysis",
    "",
    `Reason: ${escapeProse(oneLine)}`,
    "",
    "No findings were reported for this commit. Push again or press **Rescan** to retry.",
  ].join("\n");
  return { conclusion, title, summary: truncateBytes(summary, MAX_SUMMARY_BYTES), annotations: [] };
}

export function countSeverities(findings: readonly Finding[]): string {
  const parts: string[] = [];
  for (const severity of SEVERITIES) {
    const n = findings.filter((f) => f.severity === severity).length;
    if (n > 0) parts.push(plural(n, severity));
  }
  return parts.join(", ");
}

function titleFor(introduced: readonly Finding[], unanalyzed: readonly UnanalyzedPackage[]): string {
  const found = introduced.length === 0 ? "No map hazards introduced by this change" : `${countSeverities(introduced)} introduced by this change`;
  if (unanalyzed.length === 0) return found;
  return `${found}; ${plural(unanalyzed.length, "package")} could not be analysed`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function annotationFor(finding: Finding): Annotation {
  const { location } = finding;
  const annotation: Annotation = {
    path: location.path,
    start_line: location.startLine,
    end_line: location.endLine,
    annotation_level: LEVELS[finding.severity],
    message: finding.message,
    title: `mapguard: ${finding.ruleId}`,
  };
  if (location.startLine === location.endLine) {
    annotation.start_column = location.startColumn;
    // Our end column is exclusive; GitHub's is the last column covered.
    annotation.end_column = Math.max(location.startColumn, location.endColumn - 1);
  }
  const details = [
    ...finding.related.map((r) => `${r.location.path}:${r.location.startLine}: ${r.message}`),
    ...(finding.fix ? [`Suggested fix: ${finding.fix.description}`] : []),
  ];
  if (details.length > 0) annotation.raw_details = details.join("\n");
  return annotation;
}

function summaryFor(input: SummaryInput, introduced: readonly Finding[]): string {
  const stillOpen = input.reviewed.length - introduced.length;
  const lines: string[] = [
    "## mapguard",
    "",
    "| | Findings |",
    "|---|---:|",
    `| New (introduced by this change) | ${introduced.length} |`,
    `| Still open (pre-existing, untouched by this change) | ${stillOpen} |`,
    `| Fixed by this change | ${input.fixed.length} |`,
    `| Suppressed (\`//mapguard:ignore\`) | ${input.suppressed.length} |`,
    "",
    `Analysed ${plural(input.analyzedFiles, "Go file")} (${plural(input.changedFiles, "changed file")}, ${plural(input.changedLines, "changed line")}).`,
  ];

  if (introduced.length > 0) {
    lines.push("", "### Introduced by this change", "", "| Severity | Rule | Location | Message |", "|---|---|---|---|");
    pushRows(lines, introduced, (f) => {
      const rule = `[${escapeMarkdown(f.ruleId)}](${ruleDocsUrl(input.docsBaseUrl, f.ruleId)})`;
      return `| ${f.severity} | ${tableCell(rule)} | ${tableCell(locationText(f))} | ${tableCell(escapeProse(f.message))} |`;
    });
  }

  if (input.commented) {
    const commented = input.commented;
    const uncommented = introduced.filter((f) => !commented.has(f.fingerprint));
    if (uncommented.length > 0) {
      lines.push("", "### Without an inline comment", "", "These have no line in the diff to sit on, or went over the comment limit; each has an annotation.", "");
      pushRows(lines, uncommented, (f) => `- ${locationText(f)}: ${escapeProse(oneLine(f.message))}`);
    }
  }

  const unanalyzed = input.unanalyzed ?? [];
  if (unanalyzed.length > 0) {
    lines.push("", "### Not analysed", "", "mapguard could not finish these packages, so they may hold hazards it did not report. Push again or press **Rescan** to retry.", "");
    pushRows(lines, unanalyzed, (u) => `- ${escapeMarkdown(u.dir)}${u.packageName ? ` (package ${escapeMarkdown(u.packageName)})` : ""}, ${plural(u.paths.length, "file")}: ${escapeProse(oneLine(u.reason))}`);
  }

  if (input.skipped.length > 0) {
    lines.push("", "### Skipped files", "");
    pushRows(lines, input.skipped, (s) => `- ${escapeMarkdown(s.path)}: ${escapeProse(oneLine(s.reason))}`);
  }

  if (input.notes.length > 0) {
    lines.push("", "### Notes", "");
    pushRows(lines, input.notes, (n) => `- ${escapeMarkdown(n.path)}: ${escapeProse(oneLine(n.message))}`);
  }

  return truncateBytes(lines.join("\n"), MAX_SUMMARY_BYTES);
}

function locationText(f: Finding): string {
  return escapeMarkdown(`${f.location.path}:${f.location.startLine}`);
}

function oneLine(text: string): string {
  return text.replace(/\s*\r?\n\s*/g, " ");
}

/** Pushes one row per item, at most MAX_LIST_ROWS, then a line counting the rest. */
function pushRows<T>(lines: string[], items: readonly T[], row: (item: T) => string): void {
  for (const item of items.slice(0, MAX_LIST_ROWS)) lines.push(row(item));
  const rest = items.length - MAX_LIST_ROWS;
  // The blank line ends a table before the note, so the note is not a row.
  if (rest > 0) lines.push("", `…and ${rest} more.`);
}

const TRUNCATION_NOTE = "\n\n_The summary was cut short to fit GitHub's 65,535-byte limit; every introduced finding still has an annotation._";

/** Cuts Markdown at a line boundary so it fits in maxBytes of UTF-8, with a note saying so. */
export function truncateBytes(markdown: string, maxBytes: number): string {
  if (utf8Bytes(markdown) <= maxBytes) return markdown;
  const budget = maxBytes - utf8Bytes(TRUNCATION_NOTE);
  const out: string[] = [];
  let used = 0;
  for (const line of markdown.split("\n")) {
    const size = utf8Bytes(line) + 1;
    if (used + size > budget) break;
    out.push(line);
    used += size;
  }
  return `${out.join("\n")}${TRUNCATION_NOTE}`;
}

function truncateChars(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join("")}…`;
}

const encoder = new TextEncoder();

export function utf8Bytes(text: string): number {
  return encoder.encode(text).byteLength;
}
