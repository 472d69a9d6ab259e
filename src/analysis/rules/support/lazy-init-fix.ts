// The lazy-init guard fix shared by the field and inner-map rules: a
// `if x == nil { x = make(T) }` inserted just before the write. Offered only
// when the write is alone on its line, so the whole-line edit keeps it intact.
import type { FileModel } from "../../file-model.js";
import type { Fix } from "../../types.js";
import { formatMessage } from "./rule.js";

export function lazyInitFix(
  file: FileModel,
  write: { statement: { startLine: number; endLine: number; startColumn: number; endColumn: number } },
  target: string,
  typeText: string | null,
  description: string,
  params: Record<string, string | number>,
): Fix | undefined {
  if (!typeText) return undefined;
  const statement = write.statement;
  const line = file.lines[statement.startLine - 1] ?? "";
  const parts = aloneOnLineText(line, statement.startLine === statement.endLine, statement.startColumn - 1, statement.endColumn - 1);
  if (!parts || /^\s*\S+:/.test(line)) return undefined;
  const indent = parts.indent;
  const guard = [`${indent}if ${target} == nil {`, `${indent}\t${target} = make(${typeText})`, `${indent}}`, line].join("\n");
  return {
    description: formatMessage(description, params),
    edits: [{ path: file.path, startLine: statement.startLine, endLine: statement.startLine, replacement: guard }],
  };
}

/** The indentation and what follows a statement alone on its line (a comment at most), or null. */
export function aloneOnLineText(line: string, singleLine: boolean, start: number, end: number): { indent: string; trailing: string } | null {
  if (!singleLine) return null;
  const indent = line.slice(0, start);
  const trailing = line.slice(end);
  const after = trailing.trim();
  if (indent.trim() !== "" || (after !== "" && !after.startsWith("//"))) return null;
  return { indent, trailing };
}
