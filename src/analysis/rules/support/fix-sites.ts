// Where a fix may rewrite a whole line, read from IR spans and the file's
// lines (the IR keeps spans, not the shape of declarations): a `var`
// declaration alone on its line, a spec alone in a `var ( ... )` group, a
// function body's `{` ending its line, a statement alone on its line.
import type { Span } from "../../lower/ir.js";

export interface VarSite {
  line: number;
  indent: string;
  trailing: string;
  form: "var" | "var-spec";
}

/** Splits `line` around columns [start, end) (0-based) when the code there is alone on it: indentation before, at most a comment after. */
export function aloneOnLine(line: string, singleLine: boolean, start: number, end: number): { indent: string; trailing: string } | null {
  if (!singleLine) return null;
  const indent = line.slice(0, start);
  const trailing = line.slice(end);
  const after = trailing.trim();
  if (indent.trim() !== "" || (after !== "" && !after.startsWith("//"))) return null;
  return { indent, trailing };
}

/** The site of a one-name var spec (`spec` spans the name to the type), or null. */
export function varSite(lines: readonly string[], spec: Span): VarSite | null {
  if (spec.line !== spec.endLine) return null;
  const line = lines[spec.line - 1] ?? "";
  const text = line.slice(spec.column - 1, spec.endColumn - 1);
  if (/^[\p{L}_][\p{L}\p{N}_]*\s*,/u.test(text)) return null;
  const before = line.slice(0, spec.column - 1);
  const keyword = /^(\s*)var\s+$/.exec(before);
  const start = keyword ? keyword[1].length : spec.column - 1;
  const parts = aloneOnLine(line, true, start, spec.endColumn - 1);
  if (!parts) return null;
  return { line: spec.line, indent: parts.indent, trailing: parts.trailing, form: keyword ? "var" : "var-spec" };
}

/**
 * The line of a function body's `{` when nothing follows it there, scanning
 * from a position inside the result list (`depth` open brackets deep).
 */
export function bodyOpenLine(lines: readonly string[], from: Span, depth: number): number | null {
  let level = depth;
  for (let l = from.line - 1; l < lines.length; l++) {
    const text = lines[l] ?? "";
    for (let c = l === from.line - 1 ? from.column - 1 : 0; c < text.length; c++) {
      const ch = text[c];
      if (ch === "(" || ch === "[") level++;
      else if (ch === ")" || ch === "]") level--;
      else if (ch === "{") {
        if (level === 0) return text.slice(c + 1).trim() === "" ? l + 1 : null;
        level++;
      } else if (ch === "}") level--;
      else if (ch === "/" && text[c + 1] === "/") break;
    }
  }
  return null;
}
