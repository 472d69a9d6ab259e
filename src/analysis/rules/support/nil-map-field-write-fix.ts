// The fix for a literal that omits a map field: add `f: make(map[K]V)` to the
// literal itself, as a line of its own when the literal spans lines, or
// inside the braces when it sits on one line.
import type { Construction, MapSymbol, PackageModel } from "../../model/model-types.js";
import type { Fix } from "../../types.js";
import { formatMessage } from "./rule.js";

export function fieldLiteralFix(pkg: PackageModel, made: Construction, symbol: MapSymbol, description: string): Fix | undefined {
  const site = made.literal;
  const file = pkg.files.find((f) => f.path === made.path);
  if (!site || !file || !symbol.typeText || symbol.owner !== made.type) return undefined;
  const text = file.text.slice(made.at, made.at + 10_000);
  // `f: nil` is already a key of the literal: adding it again would not compile.
  if (new RegExp(`[{,\\s]${symbol.name}\\s*:`).test(text.slice(0, literalLength(file.lines, made)))) return undefined;
  const entry = `${symbol.name}: make(${symbol.typeText})`;
  const describe = formatMessage(description, { name: symbol.name });
  if (site.openLine < site.closeLine) {
    const close = file.lines[site.closeLine - 1] ?? "";
    if (!close.trimStart().startsWith("}")) return undefined;
    const replacement = `${site.closeIndent}\t${entry},\n${close}`;
    return { description: describe, edits: [{ path: file.path, startLine: site.closeLine, endLine: site.closeLine, replacement }] };
  }
  const lineNo = made.location.endLine;
  const line = file.lines[lineNo - 1] ?? "";
  const brace = made.location.endColumn - 2;
  if (line[brace] !== "}") return undefined;
  const before = line.slice(0, brace).trimEnd();
  const added = before.endsWith("{") ? entry : before.endsWith(",") ? ` ${entry}` : `, ${entry}`;
  return {
    description: describe,
    edits: [{ path: file.path, startLine: lineNo, endLine: lineNo, replacement: `${line.slice(0, brace)}${added}${line.slice(brace)}` }],
  };
}

function literalLength(lines: readonly string[], made: Construction): number {
  const { startLine, startColumn, endLine, endColumn } = made.location;
  if (startLine === endLine) return endColumn - startColumn;
  let n = (lines[startLine - 1]?.length ?? 0) - startColumn + 2;
  for (let l = startLine + 1; l < endLine; l++) n += (lines[l - 1]?.length ?? 0) + 1;
  return n + endColumn;
}
