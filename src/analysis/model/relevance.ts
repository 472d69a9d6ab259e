// The cheap look before the walk: most function bodies never mention a map,
// and skipping them is what keeps a whole-repository scan near parse speed.
// Later rules add their own words (`go`, `Lock`, ...). A plain substring
// search plus a boundary check is several times faster here than a regular
// expression with Unicode look-behind.

/** Words whose presence makes a function worth walking, whatever the package. */
export const ALWAYS_RELEVANT = ["map"] as const;

/** A test for "this source text may matter": it mentions `map` or one of `names` as an identifier. */
export function relevanceTest(names: Iterable<string>): (text: string) => boolean {
  const words = [...new Set<string>([...ALWAYS_RELEVANT, ...names])];
  return (text) => words.some((w) => mentions(text, w));
}

/** Whether `text` mentions the identifier `name` (not as part of a longer identifier). */
export function mentions(text: string, name: string): boolean {
  if (name === "") return false;
  for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + 1)) {
    if (!isIdentifierChar(text, at - 1, true) && !isIdentifierChar(text, at + name.length, false)) return true;
  }
  return false;
}

const IDENTIFIER_CHAR = /[\p{L}\p{N}_]/u;

/** Whether `text[index]` (a position past either end is none) is part of an identifier. */
export function isIdentifierChar(text: string, index: number, before: boolean): boolean {
  if (index < 0 || index >= text.length) return false;
  const c = text.charCodeAt(index);
  if (c < 0x80) return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f;
  // Astral letters are surrogate pairs: look at the whole code point.
  const start = before && c >= 0xdc00 && c <= 0xdfff && index > 0 ? index - 1 : index;
  const cp = text.codePointAt(start) ?? c;
  return IDENTIFIER_CHAR.test(String.fromCodePoint(cp));
}
