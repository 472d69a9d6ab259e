// Reading Go source text without the tree, for relevance.ts: identifiers,
// literals to skip, field lines and function headers. Approximate by design:
// whatever it cannot read, the caller treats as relevant.

/** `a, b map[K]V` -> [a, b]: the identifiers a field line starts with (an embedded type's name too). */
export function leadingNames(text: string, from: number, to: number): string[] {
  const names: string[] = [];
  let at = skipSpace(text, from, to);
  while (at < to && text.charCodeAt(at) === 42) at++; // `*T` embedded
  for (;;) {
    const end = identEnd(text, at, to);
    if (end === at) return names;
    names.push(text.slice(at, end));
    at = skipSpace(text, end, to);
    if (text.charCodeAt(at) !== 44) return names; // ,
    at = skipSpace(text, at + 1, to);
  }
}

/** The name of `func Name`, `func (r *T) Name`; null past anything else (a comment in between). */
export function declaredName(text: string, from: number, to: number): string | null {
  let at = skipSpace(text, from + 4, to);
  if (text.charCodeAt(at) === 40) {
    let depth = 0;
    for (; at < to; at++) {
      const c = text.charCodeAt(at);
      if (c === 40) depth++;
      else if (c === 41 && --depth === 0) break;
    }
    at = skipSpace(text, at + 1, to);
  }
  const end = identEnd(text, at, to);
  return end > at ? text.slice(at, end) : null;
}

/** Past the closing quote of an interpreted string or rune literal starting at `at` (its line's end if unclosed). */
export function quotedEnd(text: string, at: number, to: number, quote: number): number {
  for (let i = at + 1; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 92) i++;
    else if (c === quote) return i + 1;
    else if (c === 10) return i;
  }
  return to;
}

export function isIdentStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c >= 0x80;
}

/** The end of the identifier (or number) starting at `at`; `at` itself when none starts there. */
export function identEnd(text: string, at: number, to: number): number {
  let end = at;
  while (end < to) {
    const c = text.charCodeAt(end);
    if (isIdentStart(c) || (c >= 48 && c <= 57)) end++;
    else break;
  }
  return end;
}

export function skipSpace(text: string, at: number, to: number): number {
  let i = at;
  while (i < to) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13) i++;
    else break;
  }
  return i;
}

/**
 * The declared types of a header's receiver and parameters that are plain
 * package type names (`v *Value`, `a, b T`), so `v.reset` can be told apart
 * from another type's `reset`. Reads the parenthesised lists before the body.
 */
export function headerVarTypes(text: string, from: number, to: number): Map<string, string> {
  const out = new Map<string, string>();
  const body = text.indexOf("{", from);
  const end = body < 0 || body > to ? to : body;
  let depth = 0;
  let listStart = -1;
  for (let i = from; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 40 && depth++ === 0) listStart = i + 1;
    else if (c === 41 && --depth === 0) readList(text.slice(listStart, i), out);
  }
  return out;
}

function readList(list: string, out: Map<string, string>): void {
  let pending: string[] = [];
  for (const piece of list.split(",")) {
    const words = piece.trim().split(/\s+/);
    if (words.length === 1) {
      pending.push(words[0]);
      continue;
    }
    const type = words.length === 2 ? words[1].replace(/^\*/, "").replace(/\[.*$/, "") : "";
    const named = /^[A-Za-z_]\w*$/.test(type);
    for (const name of [...pending, words[0]]) if (named) out.set(name, type);
    pending = [];
  }
}

/** `func (c *Cache[K]) Put` -> Cache; null when the receiver is not a plain type name. */
export function receiverType(text: string, from: number, to: number): string | null {
  const open = text.indexOf("(", from);
  const close = text.indexOf(")", open);
  if (open < 0 || close < 0 || close > to) return null;
  const vars = new Map<string, string>();
  readList(text.slice(open + 1, close), vars);
  const [type] = vars.values();
  return type ?? null;
}
