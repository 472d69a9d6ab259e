// PLACEHOLDER (to be replaced by the review layer): marks findings as caused by the change or not.
import type { Finding } from "../analysis/types.js";
import type { FilePatch } from "./diff.js";

/** Why a finding is attributed to the change. */
export type Cause = "changed-line" | "related-changed-line" | "new" | "none";

/** Where an inline review comment goes; always a commentable line of the file's diff. */
export interface Anchor {
  path: string;
  line: number;
  /** First line of a multi-line range (same hunk); omitted for single-line comments. */
  startLine?: number;
  /** Set when the comment could not sit on the finding's own line: the line the change made unsafe. */
  displacedFrom?: number;
}

export interface ReviewedFinding {
  finding: Finding;
  cause: Cause;
  /** cause !== "none": the change introduced or touched this finding, so it is reported. */
  introduced: boolean;
  /** Null when no line of the diff can carry the comment (the finding still gets an annotation). */
  anchor: Anchor | null;
}

export interface ReviewInput {
  head: Finding[];
  /** Findings of the same analysis over the base versions of the changed files. */
  base: Finding[];
  /** Patches of the changed files by path. */
  patches: Map<string, FilePatch>;
}

export interface ReviewOutcome {
  /** Every head finding, marked (never dropped). */
  reviewed: ReviewedFinding[];
  /** Base findings in changed files whose fingerprint is gone at head. */
  fixed: Finding[];
}

export function reviewFindings(input: ReviewInput): ReviewOutcome {
  throw new Error(`not implemented: reviewFindings(${input.head.length})`);
}
