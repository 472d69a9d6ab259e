// Whether a loop body's text names one of a few words. map-missing-size-hint
// takes any `continue`, `break`, `return`, `goto` or
// `panic` in the body — in a nested switch, a function literal, even a
// comment — as a filter, and documents it; the graph cannot see a comment or
// a `break` that ends only a nested switch, so this reads the lines between
// the loop's clause and its last statement.
import type { FileModel } from "../../file-model.js";
import type { Span } from "../../lower/ir.js";

/** Whether the text from the end of `clause` to the end of line `endLine` mentions one of `words` as an identifier. */
export function loopBodyMentions(file: FileModel, clause: Span, endLine: number, words: readonly string[]): boolean {
  const parts: string[] = [];
  for (let line = clause.endLine; line <= endLine && line <= file.lines.length; line++) {
    const text = file.lines[line - 1] ?? "";
    parts.push(line === clause.endLine ? text.slice(clause.endColumn - 1) : text);
  }
  const text = parts.join("\n");
  return words.some((w) => mentionsWord(text, w));
}

const IDENTIFIER_CHAR = /[\p{L}\p{N}_]/u;

function mentionsWord(text: string, word: string): boolean {
  for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) {
    const before = at > 0 ? text[at - 1] : "";
    const after = text[at + word.length] ?? "";
    if (!IDENTIFIER_CHAR.test(before) && !IDENTIFIER_CHAR.test(after)) return true;
  }
  return false;
}
