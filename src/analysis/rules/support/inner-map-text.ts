// Source text the inner-map rule needs and the IR does not keep: the value
// type of a map of maps as written, the `m[a]` of a nested write `m[a][b]`
// (its key's text).
import type { WrittenMapTypes } from "./written-map-types.js";

/** `map[K]map[K2]V` → `map[K2]V` (or a named map type of the package); null when the value is not a map. */
export function innerMapText(typeText: string, written: WrittenMapTypes): string | null {
  const text = written.underlyingOf(typeText) ?? typeText;
  if (!text.startsWith("map[")) return null;
  const close = matching(text, 3);
  if (close < 0) return null;
  const value = text.slice(close + 1).trim();
  if (value.startsWith("map[")) return value;
  return written.isNamed(value) ? value : null;
}

/** Index of the bracket closing the one at `open` on the same line, or -1. */
export function matching(text: string, open: number): number {
  const pairs: Record<string, string> = { "[": "]", "(": ")", "{": "}" };
  const stack: string[] = [];
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '"' || c === "'" || c === "`") {
      const end = text.indexOf(c, i + 1);
      if (end < 0) return -1;
      i = end;
    } else if (pairs[c]) stack.push(pairs[c]);
    else if (c === "]" || c === ")" || c === "}") {
      if (stack.pop() !== c) return -1;
      if (stack.length === 0) return i;
    } else if (c === "\n") return -1;
  }
  return -1;
}

/** For a nested write whose map expression starts at offset `at`: the text `m[a]` and the key `a`. */
export function outerIndexText(text: string, at: number): { text: string; key: string } | null {
  const open = text.indexOf("[", at);
  if (open < 0) return null;
  const close = matching(text, open);
  if (close < 0) return null;
  const mapText = text.slice(at, open).trim();
  if (!/^[\p{L}_][\p{L}\p{N}_]*(?:\.[\p{L}_][\p{L}\p{N}_]*)*$/u.test(mapText)) return null;
  return { text: `${mapText}[${text.slice(open + 1, close).trim()}]`, key: text.slice(open + 1, close) };
}
