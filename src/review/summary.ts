// PLACEHOLDER (to be replaced by the review layer): check-run title, summary, conclusion, annotations.
import type { FileNote, Finding, Severity, SkippedFile } from "../analysis/types.js";
import type { ReviewedFinding } from "./filter.js";

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
}

export function buildCheckOutput(input: SummaryInput): CheckOutput {
  throw new Error(`not implemented: buildCheckOutput(${input.reviewed.length})`);
}

/** The output of a check that mapguard could not finish: says why, never hangs. */
export function errorCheckOutput(reason: string, conclusion: Conclusion): CheckOutput {
  throw new Error(`not implemented: errorCheckOutput(${reason}, ${conclusion})`);
}
