// Bracket matching over one line of Go source text, for fixes that rewrite a
// map type or a make call in place.

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
