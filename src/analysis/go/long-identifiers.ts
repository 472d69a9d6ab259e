// Identifiers no one writes: Go sets no limit on their length, but a name
// of thousands of characters is generated or hostile input, and the rules
// that match names in source text (guards, fixes) would build patterns as
// long as the name. A file that declares or uses one is set aside with its
// reason, like a file over the size cap, instead of costing the package.
import type { Node } from "web-tree-sitter";

/** Longest identifier analysed. Real Go code stays far below it. */
export const MAX_IDENTIFIER_CHARS = 1024;

const LONG_WORD = new RegExp(`[\\p{L}_][\\p{L}\\p{N}_]{${MAX_IDENTIFIER_CHARS},}`, "gu");
const NAME_NODES = new Set(["identifier", "field_identifier", "type_identifier", "package_identifier", "label_name"]);

/** The first identifier over MAX_IDENTIFIER_CHARS in the file, or null. Long words in strings and comments do not count. */
export function longIdentifier(text: string, root: Node): { chars: number; line: number } | null {
  // The Unicode pattern costs a scan of every file; a plain loop finds first
  // whether any run of characters that could be a word is that long at all.
  if (!hasLongRun(text)) return null;
  LONG_WORD.lastIndex = 0;
  for (let m = LONG_WORD.exec(text); m !== null; m = LONG_WORD.exec(text)) {
    const node = root.descendantForIndex(m.index, m.index + 1);
    if (node && NAME_NODES.has(node.type)) return { chars: m[0].length, line: node.startPosition.row + 1 };
  }
  return null;
}

/** Whether some run of ASCII letters, digits, `_` or non-ASCII characters (a superset of a word's) is over MAX_IDENTIFIER_CHARS long. */
function hasLongRun(text: string): boolean {
  let run = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const wordish = c >= 0x80 || c === 95 || (c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 122);
    if (!wordish) run = 0;
    else if (++run > MAX_IDENTIFIER_CHARS) return true;
  }
  return false;
}
