// Unified diffs -> hunks and the new-side line sets a review can use.
//
// The format modelled here is git's unified diff. A hunk header names the old
// and new ranges; each following line starts with one marker character:
//
//   @@ -10,6 +10,7 @@ func load() {      <- old lines 10..15, new lines 10..16
//    func f() {                           ' ' context: old 10, new 10
//   -	m := make(map[string]int)           '-' deleted: old 11 (no new line)
//   +	var m map[string]int                '+' added:   new 11
//   +	var n int                           '+' added:   new 12
//    	m["a"] = 1                          ' ' context: old 12, new 13
//   \ No newline at end of file           belongs to the line above; no line of its own
//
// A count omitted from the header means 1 (`@@ -3 +3 @@`). A hunk with new
// count 0 (`+0,0`) is a pure deletion and shows no new-side line at all.
//
// GitHub's pull-request files endpoint gives each file's `patch` as hunks
// only, starting at the first `@@`, without `diff --git`/`---`/`+++` headers.
// `git diff` output has the headers, and marks renames (`rename from`/`rename
// to`, or differing a/ and b/ paths), new files (`--- /dev/null`) and deleted
// files (`+++ /dev/null`).
//
// Review comments on the RIGHT side may sit on any new-side line a hunk shows:
// added or context lines. Deleted lines have no new-side line.
import parseDiff from "parse-diff";

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

export type FileStatus = "added" | "modified" | "renamed" | "deleted";

export interface FilePatch {
  /** The path at head (for a deleted file: the path it had). */
  path: string;
  hunks: Hunk[];
  /** Union of every hunk's `added`. */
  added: Set<number>;
  /** Union of every hunk's `lines`. */
  commentable: Set<number>;
  /** Known from a whole `git diff`; GitHub's per-file patches leave it to the caller. */
  status?: FileStatus;
  /** The path at base, when the file was renamed. */
  oldPath?: string;
}

const NO_NEWLINE_MARKER = "\\";

/** Parses the `patch` field of GitHub's pull-request files endpoint (hunks only, no file headers). */
export function parsePatch(path: string, patch: string | undefined): FilePatch {
  if (patch === undefined || patch.trim() === "") return buildFilePatch(path, []);
  // parse-diff copes with hunks lacking file headers: it starts a file at the
  // first `@@`. Text before that first `@@` is not part of any hunk.
  const files = parseDiff(patch);
  return buildFilePatch(path, files.flatMap((f) => f.chunks));
}

/** Parses a whole `git diff` (several files, with headers). */
export function parseUnifiedDiff(text: string): FilePatch[] {
  const patches: FilePatch[] = [];
  for (const file of parseDiff(text)) {
    const from = normalisePath(file.from);
    const to = normalisePath(file.to);
    const deleted = file.deleted === true || to === undefined;
    const added = file.new === true || from === undefined;
    const path = deleted ? from : to;
    if (path === undefined) continue;
    const patch = buildFilePatch(path, file.chunks);
    if (deleted) patch.status = "deleted";
    else if (added) patch.status = "added";
    else if (from !== undefined && from !== to) {
      patch.status = "renamed";
      patch.oldPath = from;
    } else patch.status = "modified";
    patches.push(patch);
  }
  return patches;
}

function normalisePath(p: string | undefined): string | undefined {
  if (p === undefined || p === "/dev/null" || p === "") return undefined;
  return p;
}

function buildFilePatch(path: string, chunks: readonly parseDiff.Chunk[]): FilePatch {
  const hunks = chunks.map(toHunk);
  const added = new Set<number>();
  const commentable = new Set<number>();
  for (const h of hunks) {
    for (const l of h.added) added.add(l);
    for (const l of h.lines) commentable.add(l);
  }
  return { path, hunks, added, commentable };
}

function toHunk(chunk: parseDiff.Chunk): Hunk {
  const added: number[] = [];
  const lines: number[] = [];
  for (const change of chunk.changes) {
    // parse-diff repeats the previous change for "\ No newline at end of
    // file"; it is a remark about that line, not a line.
    if (change.content.startsWith(NO_NEWLINE_MARKER)) continue;
    if (change.type === "add") {
      added.push(change.ln);
      lines.push(change.ln);
    } else if (change.type === "normal") {
      lines.push(change.ln2);
    }
  }
  return {
    oldStart: chunk.oldStart,
    oldLines: chunk.oldLines,
    newStart: chunk.newStart,
    newLines: chunk.newLines,
    added,
    lines,
  };
}

/** The hunk that shows new-side line `line`, if any. */
export function hunkContaining(patch: FilePatch, line: number): Hunk | undefined {
  return patch.hunks.find((h) => h.lines.includes(line));
}

/** True when every line of startLine..endLine is shown by one and the same hunk. */
export function rangeInOneHunk(patch: FilePatch, startLine: number, endLine: number): boolean {
  const hunk = hunkContaining(patch, startLine);
  if (!hunk) return false;
  for (let l = startLine; l <= endLine; l++) if (!hunk.lines.includes(l)) return false;
  return true;
}
