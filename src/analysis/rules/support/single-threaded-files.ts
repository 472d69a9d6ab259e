// Files built only for a target that runs one thread (js/wasm): goroutines
// there take turns and never touch a map at the same time, so no access in
// such a file takes part in a race.
import type { FileModel } from "../../file-model.js";

const BUILD = /^\/\/go:build\s+(.*)$/;

export function singleThreadedFiles(files: readonly FileModel[]): Set<string> {
  const out = new Set<string>();
  for (const f of files) {
    if (/_(?:js|wasm)(?:_wasm)?\.go$/.test(f.path)) {
      out.add(f.path);
      continue;
    }
    for (const line of f.lines.slice(0, 40)) {
      if (line.startsWith("package ")) break;
      const m = BUILD.exec(line.trim());
      if (m && requiresWasm(m[1])) out.add(f.path);
    }
  }
  return out;
}

/** `js && wasm`, `js`, `wasm`: every way to satisfy the constraint needs js or wasm (no `||`, no negation of them). */
function requiresWasm(expr: string): boolean {
  if (expr.includes("||")) return false;
  return expr.split("&&").some((t) => /^\(?\s*(?:js|wasm)\s*\)?$/.test(t.trim()));
}
