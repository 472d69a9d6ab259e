// PLACEHOLDER (to be replaced by the review layer): GitHub `patch` text -> hunks and changed lines.

export interface Hunk {
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  /** New-side (RIGHT) line numbers added by this hunk. */
  added: number[];
  /** Every new-side line the hunk shows: added and context lines. GitHub accepts RIGHT comments on these. */
  lines: number[];
}

export interface FilePatch {
  path: string;
  hunks: Hunk[];
  /** Union of every hunk's `added`. */
  added: Set<number>;
  /** Union of every hunk's `lines`. */
  commentable: Set<number>;
}

/** Parses the `patch` field of GitHub's pull-request files endpoint (hunks only, no file headers). */
export function parsePatch(path: string, patch: string | undefined): FilePatch {
  throw new Error(`not implemented: parsePatch(${path}, ${patch?.length})`);
}
