// The lazy-init guard fix shared by the field and inner-map rules: a
// `if x == nil { x = make(T) }` inserted just before the write. Offered only
// when the write is alone on its line, so the whole-line edit keeps it intact.
import type { FileModel } from "../../file-model.js";
import type { Span } from "../../lower/ir.js";
import type { Fix } from "../../types.js";
import { aloneOnLine } from "./fix-sites.js";
import { formatMessage } from "./rule.js";

export function lazyInitFix(
  file: FileModel,
  statement: Span,
  target: string,
  typeText: string,
  description: string,
  params: Record<string, string | number>,
): Fix | undefined {
  const line = file.lines[statement.line - 1] ?? "";
  const parts = aloneOnLine(line, statement.line === statement.endLine, statement.column - 1, statement.endColumn - 1);
  if (!parts || /^\s*\S+:/.test(line)) return undefined;
  const indent = parts.indent;
  const guard = [`${indent}if ${target} == nil {`, `${indent}\t${target} = make(${typeText})`, `${indent}}`, line].join("\n");
  return {
    description: formatMessage(description, params),
    edits: [{ path: file.path, startLine: statement.line, endLine: statement.line, replacement: guard }],
  };
}
