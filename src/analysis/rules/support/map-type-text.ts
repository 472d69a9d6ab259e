// Small readings of map source text the initialisation rules share: the
// value type of a map of maps, and the `m[a]` of a nested write `m[a][b]`.
import type { MapEvent, NamedMapType } from "../../model/model-types.js";

/** `map[K]map[K2]V` → `map[K2]V` (or a named map type of the package); null when the value is not a map. */
export function innerMapType(typeText: string | null, named: ReadonlyMap<string, NamedMapType>): string | null {
  const text = typeText ? (named.get(typeText)?.underlying ?? typeText) : null;
  if (!text?.startsWith("map[")) return null;
  const close = matching(text, 3);
  if (close < 0) return null;
  const value = text.slice(close + 1).trim();
  if (value.startsWith("map[")) return value;
  return named.has(value) ? value : null;
}

/** Index of the bracket closing the one at `open`, or -1. */
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

/** For a nested write `m[a][b] = v` (event at `m`): the text `m[a]` and the key `a`. */
export function outerIndexText(text: string, write: MapEvent): { text: string; key: string } | null {
  const open = text.indexOf("[", write.at);
  if (open < 0) return null;
  const close = matching(text, open);
  if (close < 0) return null;
  const mapText = text.slice(write.at, open).trim();
  if (!/^[\p{L}_][\p{L}\p{N}_]*(?:\.[\p{L}_][\p{L}\p{N}_]*)*$/u.test(mapText)) return null;
  return { text: `${mapText}[${text.slice(open + 1, close).trim()}]`, key: text.slice(open + 1, close) };
}
