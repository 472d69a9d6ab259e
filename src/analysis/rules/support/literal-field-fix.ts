// Fixes for a nil map that a declaration or a composite literal left nil,
// computed from IR spans and the file's lines (the layer keeps no literal
// braces nor declaration sites): add `f: make(T)` to the literal, as a line
// of its own when the literal spans lines or inside the braces when it sits
// on one; or create the map where a `var` declares it.
import type { Span } from "../../lower/ir.js";
import type { FileModel } from "../../file-model.js";
import type { Fix } from "../../types.js";
import { formatMessage } from "./rule.js";

/**
 * Adds `entry` before the literal's closing brace; `span` is the literal's
 * own span. A literal over lines whose brace closes its last element's line
 * (`Proto: "HTTP/1.1"}`) gets the entry on that line when `inlineClose` is
 * set (the rule before the semantic layer does so for library maps, and offers nothing for
 * the package's own fields).
 */
export function addLiteralEntry(file: FileModel, span: Span, entry: string, description: string, inlineClose = false): Fix | undefined {
  const close = file.lines[span.endLine - 1] ?? "";
  if (span.line < span.endLine && (close.trimStart().startsWith("}") || !inlineClose)) {
    if (!close.trimStart().startsWith("}")) return undefined;
    const indent = close.slice(0, close.length - close.trimStart().length);
    return { description, edits: [{ path: file.path, startLine: span.endLine, endLine: span.endLine, replacement: `${indent}\t${entry},\n${close}` }] };
  }
  const brace = span.endColumn - 2;
  if (close[brace] !== "}") return undefined;
  const before = close.slice(0, brace).trimEnd();
  const added = before.endsWith("{") ? entry : before.endsWith(",") ? ` ${entry}` : `, ${entry}`;
  return {
    description,
    edits: [{ path: file.path, startLine: span.endLine, endLine: span.endLine, replacement: `${close.slice(0, brace)}${added}${close.slice(brace)}` }],
  };
}

/** The literal's text already names `name` as a key (`f: nil`): adding it again would not compile. */
export function literalNamesKey(file: FileModel, span: Span, name: string): boolean {
  const lines = file.lines.slice(span.line - 1, span.endLine);
  if (lines.length === 0) return false;
  lines[lines.length - 1] = lines[lines.length - 1]!.slice(0, span.endColumn - 1);
  lines[0] = lines[0]!.slice(span.column - 1);
  return new RegExp(`[{,\\s]${name.replace(/[$]/g, "\\$")}\\s*:`).test(lines.join("\n"));
}

/**
 * `var h http.Header` -> `h := make(http.Header)`; inside `var ( ... )` the
 * spec keeps its place (`h = ...`), and at package level a lone declaration
 * stays a `var`. `stmt` is the declaring statement's span, alone on its
 * line but for a comment.
 */
export function declarationFix(
  file: FileModel,
  stmt: Span,
  name: string,
  create: string,
  atPackageLevel: boolean,
  description: string,
  params: Record<string, string | number>,
): Fix | undefined {
  if (stmt.line !== stmt.endLine) return undefined;
  const line = file.lines[stmt.line - 1] ?? "";
  const indent = line.slice(0, line.length - line.trimStart().length);
  const text = line.slice(indent.length);
  const lone = new RegExp(`^var\\s+${name.replace(/[$]/g, "\\$")}\\s`).test(text);
  const spec = !lone && new RegExp(`^${name.replace(/[$]/g, "\\$")}\\s`).test(text);
  if (!lone && !spec) return undefined;
  const trailing = line.slice(stmt.endColumn - 1);
  // Only a comment may follow: rewriting the line must not swallow a neighbouring statement (`var h T; x = 1`).
  const after = trailing.trim();
  if (after !== "" && !after.startsWith("//")) return undefined;
  const head = spec ? `${name} =` : atPackageLevel ? `var ${name} =` : `${name} :=`;
  return {
    description: formatMessage(description, params),
    edits: [{ path: file.path, startLine: stmt.line, endLine: stmt.line, replacement: `${indent}${head} ${create}${trailing}` }],
  };
}

/**
 * The whole declaration a `var` spec belongs to, as the rule before the semantic layer
 * points at it: `var h http.Header` from `var`, or the `var ( ... )` block
 * around a spec. The IR's statement span starts at the spec's name.
 */
export function declarationSpan(file: FileModel, stmt: Span, wholeBlock = true): Span {
  const line = file.lines[stmt.line - 1] ?? "";
  const before = line.slice(0, stmt.column - 1);
  const varStart = /^(\s*)var\s+$/.exec(before);
  if (varStart) return { ...stmt, column: varStart[1]!.length + 1 };
  if (before.trim() !== "" || !wholeBlock) return stmt;
  for (let open = stmt.line - 1; open >= 1; open--) {
    const text = file.lines[open - 1] ?? "";
    const m = /^(\s*)var\s*\(\s*(\/\/.*)?$/.exec(text);
    if (!m) continue;
    for (let close = stmt.endLine + 1; close <= file.lines.length; close++) {
      const c = file.lines[close - 1] ?? "";
      if (/^\s*\)/.test(c)) return { line: open, column: m[1]!.length + 1, endLine: close, endColumn: c.indexOf(")") + 2 };
    }
    break;
  }
  return stmt;
}

/** `new(T)` within an instruction's span: where the expression itself starts. */
export function newExpressionSpan(file: FileModel, span: Span): Span {
  const line = file.lines[span.endLine - 1] ?? "";
  const at = line.lastIndexOf("new(", span.endColumn - 1);
  return at >= 0 && (span.line < span.endLine || at >= span.column - 1) ? { line: span.endLine, column: at + 1, endLine: span.endLine, endColumn: span.endColumn } : span;
}
