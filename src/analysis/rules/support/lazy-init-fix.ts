// The lazy-init guard fix shared by the field and inner-map rules: a
// `if x == nil { x = make(T) }` inserted just before the write. Offered only
// when the write is alone on its line, so the whole-line edit keeps it intact.
import { aloneOnLineText } from "../../model/declarations.js";
import type { FileModel, MapEvent } from "../../model/model-types.js";
import type { Fix } from "../../types.js";
import { formatMessage } from "./rule.js";

export function lazyInitFix(
  file: FileModel,
  write: Pick<MapEvent, "statement">,
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
