// The suggested change for a guarded map returned from a locked method:
// return a copy, made while the lock is still held. `maps.Clone` where the
// module's go directive allows it (1.21+), otherwise a copy loop.
import type { MapEvent, PackageModel } from "../../model/model-types.js";
import { mentions } from "../../model/relevance.js";
import type { Fix, LineEdit } from "../../types.js";
import { fileOf, functionText, statementLine } from "./lock-rule-support.js";

/** Whether a `go` directive such as "1.21", "1.22.3" or "1.21rc1" is at least 1.21. */
export function allowsMapsClone(goVersion: string | undefined): boolean {
  const m = goVersion ? /^(\d+)\.(\d+)/.exec(goVersion) : null;
  if (!m) return false;
  const [major, minor] = [Number(m[1]), Number(m[2])];
  return major > 1 || (major === 1 && minor >= 21);
}

export function returnCopyFix(pkg: PackageModel, e: MapEvent, expr: string, goVersion: string | undefined, description: string): Fix | undefined {
  const parts = statementLine(pkg, e.statement);
  const file = fileOf(pkg, e.statement.path);
  const fn = pkg.functions[e.context.functionIndex];
  if (!parts || !file || !fn) return undefined;
  const stmt = parts.line.slice(e.statement.startColumn - 1, e.statement.endColumn - 1);
  if (stmt.replace(/\s+/g, " ") !== `return ${expr}`) return undefined;
  const line = e.statement.startLine;
  const path = e.statement.path;
  if (allowsMapsClone(goVersion)) {
    const importEdit = mapsImport(file.lines, file.text);
    if (importEdit === undefined) return undefined;
    const edits: LineEdit[] = [{ path, startLine: line, endLine: line, replacement: `${parts.indent}return maps.Clone(${expr})${parts.trailing}` }];
    if (importEdit) edits.unshift({ path, ...importEdit });
    return { description, edits };
  }
  const type = e.symbol.typeText;
  const text = functionText(pkg, fn);
  const [copy, k, v] = [freeName(text, ["cp", "clone", "snapshot"]), freeName(text, ["k", "key"]), freeName(text, ["v", "val"])];
  if (!type || !copy || !k || !v) return undefined;
  const i = parts.indent;
  const replacement = [
    `${i}${copy} := make(${type}, len(${expr}))`,
    `${i}for ${k}, ${v} := range ${expr} {`,
    `${i}\t${copy}[${k}] = ${v}`,
    `${i}}`,
    `${i}return ${copy}${parts.trailing}`,
  ].join("\n");
  return { description, edits: [{ path, startLine: line, endLine: line, replacement }] };
}

function freeName(text: string, candidates: readonly string[]): string | undefined {
  return candidates.find((n) => !mentions(text, n));
}

/**
 * The edit that imports "maps": null when it is imported already, undefined
 * when it cannot be added cleanly (the name `maps` is taken, odd layout).
 */
function mapsImport(lines: readonly string[], text: string): Omit<LineEdit, "path"> | null | undefined {
  if (/^\s*(?:import\s+)?"maps"\s*$/m.test(text)) return /^\s*import\s*\(/m.test(text) || /^import\s+"maps"/m.test(text) ? null : undefined;
  // The name must be free for the package: a variable or import called `maps` would clash.
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
