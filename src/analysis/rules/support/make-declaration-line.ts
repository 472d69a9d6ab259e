// The line of a `name := make(...)` declaration, read from the file's lines
// for a fix: the IR keeps the make's type and whether it is sized, not the
// text around it (indentation, the written type, a trailing comment) that a
// whole-line replacement must keep.
import type { FileModel } from "../../file-model.js";
import type { Span } from "../../lower/ir.js";
import { matching } from "./inner-map-text.js";

const MAKE_DECLARATION = /^(\s*[\p{L}_][\p{L}\p{N}_]*\s*:=\s*make\()(.*)\)(\s*(?:\/\/.*)?)$/u;

export interface MakeDeclarationLine {
  /** The line up to and including `make(`. */
  head: string;
  /** The make's arguments as written: the type alone when unsized. */
  args: string;
  /** `)` excluded: spaces and a line comment after the call. */
  tail: string;
}

/** The parts of the statement's line when it is exactly `name := make(T)` (plus a comment) on one line. */
export function makeDeclarationLine(file: FileModel, stmt: Span): MakeDeclarationLine | null {
  if (stmt.line !== stmt.endLine) return null;
  const parts = MAKE_DECLARATION.exec(file.lines[stmt.line - 1] ?? "");
  if (!parts || hasTopLevelComma(parts[2])) return null;
  return { head: parts[1], args: parts[2], tail: parts[3] };
}

/** The source text of a span that lies on one line; null otherwise. */
export function spanText(file: FileModel, span: Span): string | null {
  if (span.line !== span.endLine) return null;
  const line = file.lines[span.line - 1];
  return line === undefined ? null : line.slice(span.column - 1, span.endColumn - 1);
}

function hasTopLevelComma(args: string): boolean {
  for (let i = 0; i < args.length; i++) {
    const c = args[i];
    if (c === ",") return true;
    if (c === "[" || c === "(" || c === "{") {
      const end = matching(args, i);
      if (end < 0) return true;
      i = end;
    }
  }
  return false;
}
