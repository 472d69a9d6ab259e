// Applies whole-line edits to a file's text, as a reviewer's "Commit
// suggestion" would. Used to check that fixes parse and remove their finding.
import type { LineEdit } from "./types.js";

/** Applies the edits for `path` (others are ignored); edits must not overlap. */
export function applyLineEdits(text: string, path: string, edits: readonly LineEdit[]): string {
  const newline = text.includes("\r\n") ? "\r\n" : "\n";
  const lines = text.split(/\r?\n/);
  const mine = edits.filter((e) => e.path === path).sort((a, b) => b.startLine - a.startLine);
  for (let i = 1; i < mine.length; i++) {
    if (mine[i].endLine >= mine[i - 1].startLine) throw new Error(`[mapguard] overlapping edits in ${path}`);
  }
  for (const edit of mine) {
    lines.splice(edit.startLine - 1, edit.endLine - edit.startLine + 1, ...edit.replacement.split("\n"));
  }
  return lines.join(newline);
}
