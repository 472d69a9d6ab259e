// What the IR keeps no text of, read back from the file's lines: a span's
// source, an access path as written, and the spans of a call's arguments
// (a `go` statement's arguments carry no span of their own in the IR).
import type { IrFunction, Path, Span } from "../../lower/ir.js";
import type { PackageFacts } from "../../package-facts.js";

/** The source text of a span (lines joined with `\n`); null when the file is not there. */
export function spanText(pkg: PackageFacts, path: string, span: Span): string | null {
  const lines = pkg.files.find((f) => f.path === path)?.lines;
  if (!lines) return null;
  if (span.line === span.endLine) return lines[span.line - 1]?.slice(span.column - 1, span.endColumn - 1) ?? null;
  const out = [lines[span.line - 1]?.slice(span.column - 1) ?? ""];
  for (let l = span.line + 1; l < span.endLine; l++) out.push(lines[l - 1] ?? "");
  out.push(lines[span.endLine - 1]?.slice(0, span.endColumn - 1) ?? "");
  return out.join("\n");
}

/** `c`, `s.inner`: a path of variables and fields as Go writes it; null for anything with an index or a deref. */
export function pathText(fn: IrFunction, path: Path): string | null {
  let text: string;
  if (path.root.kind === "package") text = path.root.name;
  else if (path.root.kind === "external") return null;
  else {
    const v = fn.vars[path.root.var];
    if (!v) return null;
    text = v.name;
  }
  for (const s of path.selectors) {
    if (s.kind !== "field") return null;
    text += `.${s.name}`;
  }
  return text;
}

/** Drops the parentheses around a whole expression: `((ch))` -> `ch`. */
export function unparenText(text: string): string {
  let t = text.trim();
  while (t.startsWith("(") && t.endsWith(")") && balanced(t.slice(1, -1))) t = t.slice(1, -1).trim();
  return t;
}

function balanced(text: string): boolean {
  let depth = 0;
  for (const c of text) {
    if (c === "(") depth++;
    else if (c === ")" && --depth < 0) return false;
  }
  return depth === 0;
}

/**
 * The spans of the arguments of the call a span ends with (`go f(a, b)`):
 * top-level commas inside the last parenthesised list. Strings and runes
 * are skipped; null when the text does not end with `)`.
 */
export function callArgumentSpans(pkg: PackageFacts, path: string, span: Span): Span[] | null {
  const lines = pkg.files.find((f) => f.path === path)?.lines;
  if (!lines) return null;
  // Positions (line, column 1-based) of each character of the span.
  const chars: { c: string; line: number; col: number }[] = [];
  for (let l = span.line; l <= span.endLine; l++) {
    const text = lines[l - 1] ?? "";
    const from = l === span.line ? span.column - 1 : 0;
    const to = l === span.endLine ? span.endColumn - 1 : text.length;
    for (let i = from; i < to; i++) chars.push({ c: text[i] as string, line: l, col: i + 1 });
    if (l !== span.endLine) chars.push({ c: "\n", line: l, col: to + 1 });
  }
  let end = chars.length - 1;
  while (end >= 0 && /\s/.test(chars[end]?.c ?? "")) end--;
  if (chars[end]?.c !== ")") return null;
  // Walk back to the matching `(`, skipping strings.
  let depth = 0;
  let open = -1;
  for (let i = end; i >= 0; i--) {
    const c = chars[i]?.c;
    if (c === ")" || c === "]" || c === "}") depth++;
    else if (c === "(" || c === "[" || c === "{") {
      depth--;
      if (depth === 0) {
        open = i;
        break;
      }
    } else if (c === '"' || c === "`" || c === "'") {
      let j = i - 1;
      while (j >= 0 && (chars[j]?.c !== c || chars[j - 1]?.c === "\\")) j--;
      i = j;
    }
  }
  if (open < 0) return null;
  const out: Span[] = [];
  let start = open + 1;
  depth = 0;
  const push = (from: number, to: number): void => {
    let a = from;
    let b = to - 1;
    while (a <= b && /\s/.test(chars[a]?.c ?? "")) a++;
    while (b >= a && /\s/.test(chars[b]?.c ?? "")) b--;
    const first = chars[a];
    const last = chars[b];
    if (first && last && a <= b) out.push({ line: first.line, column: first.col, endLine: last.line, endColumn: last.col + 1 });
  };
  for (let i = open + 1; i < end; i++) {
    const c = chars[i]?.c;
    if (c === "(" || c === "[" || c === "{") depth++;
    else if (c === ")" || c === "]" || c === "}") depth--;
    else if (c === '"' || c === "`" || c === "'") {
      let j = i + 1;
      while (j < end && (chars[j]?.c !== c || (c !== "`" && chars[j - 1]?.c === "\\"))) j++;
      i = j;
    } else if (c === "," && depth === 0) {
      push(start, i);
      start = i + 1;
    }
  }
  push(start, end);
  return out;
}
