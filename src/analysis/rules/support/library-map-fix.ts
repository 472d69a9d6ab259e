// Fixes for a nil library map: create it where the variable is declared
// (`h := make(http.Header)`, `v := url.Values{}`, at package level
// `var h = make(http.Header)`), or add the field to the
// struct literal (`Header: make(http.Header),`). Whole-line edits, offered
// only when the declaration or the literal's closing line allows a clean one.
import type { LibraryValue } from "../../model/library-types.js";
import type { FileModel } from "../../model/model-types.js";
import type { Fix } from "../../types.js";
import { formatMessage } from "./rule.js";

/** `make(http.Header)` or `url.Values{}`, as the file names the type. */
export function createExpression(value: LibraryValue): string {
  return value.create === "make" ? `make(${value.mapTypeText})` : `${value.mapTypeText}{}`;
}

export function libraryDeclarationFix(value: LibraryValue, description: string): Fix | undefined {
  const site = value.declaration;
  if ((value.form !== "var" && value.form !== "package") || !site || (site.form !== "var" && site.form !== "var-spec")) return undefined;
  // At package level a lone declaration stays a `var` (`:=` is for function bodies).
  const head = site.form === "var-spec" ? `${value.name} =` : value.form === "package" ? `var ${value.name} =` : `${value.name} :=`;
  const replacement = `${site.indent}${head} ${createExpression(value)}${site.trailing}`;
  const describe = formatMessage(description, { name: value.name, type: value.mapTypeText });
  return { description: describe, edits: [{ path: value.path, startLine: site.line, endLine: site.line, replacement }] };
}

export function libraryLiteralFix(file: FileModel, value: LibraryValue, description: string): Fix | undefined {
  const site = value.literal;
  if (value.form !== "literal" || !site || site.hasField || !value.field) return undefined;
  const entry = `${value.field}: ${createExpression(value)}`;
  const describe = formatMessage(description, { name: value.field });
  const close = file.lines[site.closeLine - 1] ?? "";
  if (site.openLine < site.closeLine && close.trimStart().startsWith("}")) {
    const replacement = `${site.closeIndent}\t${entry},\n${close}`;
    return { description: describe, edits: [{ path: file.path, startLine: site.closeLine, endLine: site.closeLine, replacement }] };
  }
  if (close[site.closeColumn] !== "}") return undefined;
  const before = close.slice(0, site.closeColumn).trimEnd();
  const added = before.endsWith("{") ? entry : before.endsWith(",") ? ` ${entry}` : `, ${entry}`;
  const replacement = `${close.slice(0, site.closeColumn)}${added}${close.slice(site.closeColumn)}`;
  return { description: describe, edits: [{ path: file.path, startLine: site.closeLine, endLine: site.closeLine, replacement }] };
}
