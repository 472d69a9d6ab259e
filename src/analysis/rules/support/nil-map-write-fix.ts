// Suggested changes for nil-map-write: whole-line edits that create the map
// where it becomes nil. Offered only when the line holds nothing else, so the
// edit cannot swallow a neighbouring statement.
import { aloneOnLineText } from "../../model/declarations.js";
import type { MapEvent, MapSymbol, PackageModel } from "../../model/model-types.js";
import type { Fix } from "../../types.js";
import { formatMessage } from "./rule.js";

export interface NilPoint {
  kind: "declaration" | "result" | "nil";
  /** UTF-16 offset in the symbol's file. */
  at: number;
  /** The `m = nil` assignment, for kind "nil". */
  event: MapEvent | null;
}

type FixMessages = Record<"fixDeclaration" | "fixResult" | "fixNil", string>;

export function nilPointFix(pkg: PackageModel, symbol: MapSymbol, point: NilPoint, messages: FixMessages): Fix | undefined {
  if (!symbol.typeText) return undefined;
  const make = `make(${symbol.typeText})`;
  const params = { name: symbol.name };
  if (point.kind === "nil") {
    const event = point.event;
    const file = event ? pkg.files.find((f) => f.path === event.location.path) : undefined;
    if (!event || !file) return undefined;
    const statement = event.statement;
    const line = file.lines[statement.startLine - 1] ?? "";
    const parts = aloneOnLineText(line, statement.startLine === statement.endLine, statement.startColumn - 1, statement.endColumn - 1);
    if (!parts || !/^\S+\s*=\s*nil$/.test(line.slice(statement.startColumn - 1, statement.endColumn - 1))) return undefined;
    return edit(formatMessage(messages.fixNil, params), event.location.path, statement.startLine, `${parts.indent}${symbol.name} = ${make}${parts.trailing}`);
  }
  const site = symbol.declaration;
  if (!site) return undefined;
  if (site.form === "named-result") {
    const file = pkg.files.find((f) => f.path === symbol.path);
    if (site.bodyOpenLine === null || !file) return undefined;
    const opening = file.lines[site.bodyOpenLine - 1] ?? "";
    const indent = /^\s*/.exec(opening)?.[0] ?? "";
    const replacement = `${opening}\n${indent}\t${symbol.name} = ${make}`;
    return edit(formatMessage(messages.fixResult, params), symbol.path, site.bodyOpenLine, replacement);
  }
  const declaration =
    site.form === "var-spec"
      ? `${symbol.name} = ${make}`
      : symbol.kind === "package"
        ? `var ${symbol.name} = ${make}`
        : `${symbol.name} := ${make}`;
  return edit(formatMessage(messages.fixDeclaration, params), symbol.path, site.line, `${site.indent}${declaration}${site.trailing}`);
}

function edit(description: string, path: string, line: number, replacement: string): Fix {
  return { description, edits: [{ path, startLine: line, endLine: line, replacement }] };
}
