// Decides which findings the change caused, and where each one's comment can
// sit. Marks every finding; never drops one, so the summary can count what
// the change did not touch.
import type { Finding, Location } from "../analysis/types.js";
import type { FilePatch } from "./diff.js";
import { rangeInOneHunk } from "./diff.js";

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
  /**
   * Null when no line of the diff can carry the comment (the finding still
   * gets an annotation), and for findings the change did not cause: those
   * are counted, never commented on.
   */
  anchor: Anchor | null;
}

export interface ReviewInput {
  head: Finding[];
  /** Findings of the same analysis over the base versions of the changed files. */
  base: Finding[];
  /** Patches of the changed files by path (head path). */
  patches: Map<string, FilePatch>;
  /**
   * Unchanged files analysed on both sides (package siblings). A finding there
   * that the base lacks is new too: deleting a `make` in one file can break a
   * write in another. It gets no inline comment, only an annotation.
   */
  siblings?: ReadonlySet<string>;
}

export interface ReviewOutcome {
  /** Every head finding, marked (never dropped). */
  reviewed: ReviewedFinding[];
  /** Base findings in changed files whose fingerprint is gone at head. */
  fixed: Finding[];
}

export function reviewFindings(input: ReviewInput): ReviewOutcome {
  const baseFingerprints = new Set(input.base.map((f) => f.fingerprint));
  const headFingerprints = new Set(input.head.map((f) => f.fingerprint));
  const reviewed = input.head.map((finding): ReviewedFinding => {
    const cause = causeOf(finding, input.patches, input.siblings, baseFingerprints);
    const introduced = cause !== "none";
    const patch = input.patches.get(finding.location.path);
    return { finding, cause, introduced, anchor: introduced && patch ? anchorFor(finding, patch) : null };
  });
  const basePaths = new Set<string>();
  for (const [path, patch] of input.patches) {
    basePaths.add(patch.oldPath ?? path);
  }
  const fixed = input.base.filter((f) => basePaths.has(f.location.path) && !headFingerprints.has(f.fingerprint));
  return { reviewed, fixed };
}

/** Paths analysed at head and at base: where a finding's absence at base is meaningful. */
export function analysedOnBothSides(head: readonly string[], base: readonly string[]): Set<string> {
  const atBase = new Set(base);
  return new Set(head.filter((path) => atBase.has(path)));
}

function causeOf(
  finding: Finding,
  patches: Map<string, FilePatch>,
  siblings: ReadonlySet<string> | undefined,
  baseFingerprints: Set<string>,
): Cause {
  if (touchesAddedLine(finding.location, patches)) return "changed-line";
  if (finding.related.some((r) => touchesAddedLine(r.location, patches))) return "related-changed-line";
  // Only where both sides were analysed can absence at base mean the change
  // caused it: a deleted `make` or `Lock()` adds no line, yet breaks another.
  const path = finding.location.path;
  const bothSides = patches.has(path) || (siblings?.has(path) ?? false);
  if (bothSides && !baseFingerprints.has(finding.fingerprint)) return "new";
  return "none";
}

function touchesAddedLine(location: Location, patches: Map<string, FilePatch>): boolean {
  const patch = patches.get(location.path);
  if (!patch) return false;
  for (let l = location.startLine; l <= location.endLine; l++) if (patch.added.has(l)) return true;
  return false;
}

/** Where the comment for a finding the change caused goes, or null when its file shows no hunk. */
export function anchorFor(finding: Finding, patch: FilePatch): Anchor | null {
  if (patch.hunks.length === 0 || patch.commentable.size === 0) return null;
  const { path, startLine, endLine } = finding.location;
  if (endLine > startLine && rangeInOneHunk(patch, startLine, endLine)) {
    return { path, line: endLine, startLine };
  }
  if (patch.commentable.has(startLine)) {
    // When the fix sits a few lines away in the same hunk (the declaration
    // that lacks `make`), the comment spans both, so its suggestion can
    // rewrite the declaration with one click while pointing at the write.
    const span = suggestionSpan(finding, patch);
    return span ? { path, line: span.endLine, startLine: span.startLine } : { path, line: startLine };
  }
  for (let l = startLine + 1; l <= endLine; l++) {
    if (patch.commentable.has(l)) return { path, line: l };
  }
  // The flagged line is outside the diff. Prefer the lines the fix replaces
  // when the diff shows them: the comment then carries a one-click suggestion.
  const fixRange = singleFixRange(finding, path);
  if (fixRange && rangeInOneHunk(patch, fixRange.startLine, fixRange.endLine)) {
    return withRange(path, fixRange.startLine, fixRange.endLine, startLine);
  }
  const near = nearest(patch.added, startLine) ?? nearest(patch.commentable, startLine);
  return near === undefined ? null : { path, line: near, displacedFrom: startLine };
}

/** Longest comment range mapguard spans to put a fix and its finding under one suggestion. */
export const MAX_SUGGESTION_SPAN = 15;

function suggestionSpan(finding: Finding, patch: FilePatch): { startLine: number; endLine: number } | null {
  const fixRange = singleFixRange(finding, patch.path);
  if (!fixRange) return null;
  const startLine = Math.min(fixRange.startLine, finding.location.startLine);
  const endLine = Math.max(fixRange.endLine, finding.location.endLine);
  if (endLine === startLine || endLine - startLine + 1 > MAX_SUGGESTION_SPAN) return null;
  return rangeInOneHunk(patch, startLine, endLine) ? { startLine, endLine } : null;
}

function withRange(path: string, start: number, end: number, displacedFrom: number): Anchor {
  return start === end ? { path, line: end, displacedFrom } : { path, line: end, startLine: start, displacedFrom };
}

/** The one contiguous range of lines of `path` that the finding's fix replaces, if it is one. */
export function singleFixRange(finding: Finding, path: string): { startLine: number; endLine: number } | null {
  const edits = finding.fix?.edits ?? [];
  if (edits.length === 0 || edits.some((e) => e.path !== path)) return null;
  const sorted = [...edits].sort((a, b) => a.startLine - b.startLine);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i].startLine !== sorted[i - 1].endLine + 1) return null;
  }
  return { startLine: sorted[0].startLine, endLine: sorted[sorted.length - 1].endLine };
}

/** The member of `lines` closest to `target`; on a tie the earlier line, which usually holds the cause. */
function nearest(lines: Set<number>, target: number): number | undefined {
  let best: number | undefined;
  for (const l of lines) {
    if (best === undefined) {
      best = l;
      continue;
    }
    const d = Math.abs(l - target);
    const bd = Math.abs(best - target);
    if (d < bd || (d === bd && l < best)) best = l;
  }
  return best;
}
