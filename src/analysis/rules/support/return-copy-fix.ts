// The suggested change for a guarded map returned from a locked method:
// return a copy, made while the lock is still held. `maps.Clone` where the
// module's go directive allows it (1.21+), otherwise a copy loop.
import type { IrFunction, Span } from "../../lower/ir.js";
import type { FileModel } from "../../file-model.js";
import type { Fix, LineEdit } from "../../types.js";
import { aloneOnLine, fileAt } from "./line-text.js";

export function returnCopyFix(
  files: readonly FileModel[],
  outer: IrFunction,
  path: string,
  stmt: Span,
  expr: string,
  typeText: string | null,
  goVersion: string | undefined,
  description: string,
): Fix | undefined {
  const parts = aloneOnLine(files, path, stmt);
  const file = fileAt(files, path);
  if (!parts || !file) return undefined;
  const text = parts.line.slice(stmt.column - 1, stmt.endColumn - 1);
  if (text.replace(/\s+/g, " ") !== `return ${expr}`) return undefined;
  const line = stmt.line;
  if (allowsMapsClone(goVersion)) {
    const importEdit = mapsImport(file.lines, file.text);
    if (importEdit === undefined) return undefined;
    const edits: LineEdit[] = [{ path, startLine: line, endLine: line, replacement: `${parts.indent}return maps.Clone(${expr})${parts.trailing}` }];
    if (importEdit) edits.unshift({ path, ...importEdit });
    return { description, edits };
  }
  const body = functionText(files, outer);
  const [copy, k, v] = [freeName(body, ["cp", "clone", "snapshot"]), freeName(body, ["k", "key"]), freeName(body, ["v", "val"])];
  if (!typeText || !copy || !k || !v) return undefined;
  const i = parts.indent;
  const replacement = [
    `${i}${copy} := make(${typeText}, len(${expr}))`,
    `${i}for ${k}, ${v} := range ${expr} {`,
    `${i}\t${copy}[${k}] = ${v}`,
    `${i}}`,
    `${i}return ${copy}${parts.trailing}`,
  ].join("\n");
  return { description, edits: [{ path, startLine: line, endLine: line, replacement }] };
}

/** The source of a function, `func` to its closing brace. */
export function functionText(files: readonly FileModel[], fn: IrFunction): string {
  const lines = fileAt(files, fn.path)?.lines;
  if (!lines) return "";
  const s = fn.span;
  if (s.line === s.endLine) return (lines[s.line - 1] ?? "").slice(s.column - 1, s.endColumn - 1);
  const out = [(lines[s.line - 1] ?? "").slice(s.column - 1)];
  for (let l = s.line + 1; l < s.endLine; l++) out.push(lines[l - 1] ?? "");
  out.push((lines[s.endLine - 1] ?? "").slice(0, s.endColumn - 1));
  return out.join("\n");
}

function freeName(text: string, candidates: readonly string[]): string | undefined {
  return candidates.find((n) => !mentions(text, n));
}

/** Whether `text` mentions identifier `name` as a whole word. */
export function mentions(text: string, name: string): boolean {
  if (name === "") return false;
  for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + 1)) {
    if (!identifierChar(text, at - 1) && !identifierChar(text, at + name.length)) return true;
  }
  return false;
}

const IDENTIFIER_CHAR = /[\p{L}\p{N}_]/u;

function identifierChar(text: string, at: number): boolean {
  if (at < 0 || at >= text.length) return false;
  const code = text.codePointAt(at) ?? 0;
  // A low surrogate: look at the whole code point it ends.
  if (code >= 0xdc00 && code <= 0xdfff && at > 0) return IDENTIFIER_CHAR.test(String.fromCodePoint(text.codePointAt(at - 1) ?? 0));
  return IDENTIFIER_CHAR.test(String.fromCodePoint(code));
}

/**
 * The edit that imports "maps": null when it is imported already, undefined
 * when it cannot be added cleanly (the name `maps` is taken, odd layout).
 */
function mapsImport(lines: readonly string[], text: string): Omit<LineEdit, "path"> | null | undefined {
  if (/^\s*(?:import\s+)?"maps"\s*$/m.test(text)) return /^\s*import\s*\(/m.test(text) || /^import\s+"maps"/m.test(text) ? null : undefined;
  if (mentions(text.replace(/\/\/.*$/gm, ""), "maps")) return undefined;
  const group = lines.findIndex((l) => /^import\s*\(\s*$/.test(l));
  if (group >= 0) return { startLine: group + 1, endLine: group + 1, replacement: `${lines[group]}\n\t"maps"` };
  const single = lines.findIndex((l) => /^import\s+(?:\w+\s+)?"[^"]+"\s*$/.test(l));
  if (single >= 0) {
    const spec = lines[single].replace(/^import\s+/, "").trim();
    return { startLine: single + 1, endLine: single + 1, replacement: `import (\n\t"maps"\n\t${spec}\n)` };
  }
  if (lines.some((l) => /^import\b/.test(l))) return undefined;
  const pkgLine = lines.findIndex((l) => /^package\s+\w+/.test(l));
  if (pkgLine < 0 || !/^package\s+\w+\s*$/.test(lines[pkgLine])) return undefined;
  return { startLine: pkgLine + 1, endLine: pkgLine + 1, replacement: `${lines[pkgLine]}\n\nimport "maps"` };
}

/** Whether a `go` directive such as "1.21", "1.22.3" or "1.21rc1" is at least 1.21. */
export function allowsMapsClone(goVersion: string | undefined): boolean {
  const m = goVersion ? /^(\d+)\.(\d+)/.exec(goVersion) : null;
  if (!m) return false;
  const [major, minor] = [Number(m[1]), Number(m[2])];
  return major > 1 || (major === 1 && minor >= 21);
}
