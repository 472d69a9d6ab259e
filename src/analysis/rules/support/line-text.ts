// Source lines around IR spans, for whole-line fixes: the layer keeps spans,
// the files keep their lines, and a fix needs both.
import type { Span } from "../../lower/ir.js";
import type { FileModel } from "../../file-model.js";
import type { Location } from "../../types.js";
import { aloneOnLine as lineAloneOnLine } from "./fix-sites.js";

export function fileAt(files: readonly FileModel[], path: string): FileModel | undefined {
  return files.find((f) => f.path === path);
}

export function locationOf(path: string, span: Span): Location {
  return { path, startLine: span.line, startColumn: span.column, endLine: span.endLine, endColumn: span.endColumn };
}

/** The span's line split around it, when the span is one line and nothing but a comment shares that line. */
export function aloneOnLine(files: readonly FileModel[], path: string, span: Span): { line: string; indent: string; trailing: string } | null {
  const line = fileAt(files, path)?.lines[span.line - 1];
  if (line === undefined) return null;
  const parts = lineAloneOnLine(line, span.line === span.endLine, span.column - 1, span.endColumn - 1);
  return parts && { line, ...parts };
}

/** The text of a single-line span. */
export function spanText(files: readonly FileModel[], path: string, span: Span): string {
  if (span.line !== span.endLine) return "";
  return fileAt(files, path)?.lines[span.line - 1]?.slice(span.column - 1, span.endColumn - 1) ?? "";
}
