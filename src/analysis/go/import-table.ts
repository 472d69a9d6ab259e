// A file's imports as name -> import path. Dot and blank imports give no
// name: a dot-imported `Header` could be anything, so it is not recognised.
import type { Node } from "web-tree-sitter";
import { F, T } from "./grammar.js";
import { field, kids } from "./nodes.js";
import type { ImportTable } from "./type-syntax.js";

export function importTable(top: readonly Node[]): ImportTable {
  const table = new Map<string, string>();
  for (const node of top) {
    if (node.type !== T.importDeclaration) continue;
    for (const child of kids(node)) {
      const specs = child.type === T.importSpecList ? kids(child) : [child];
      for (const spec of specs) {
        if (spec.type !== T.importSpec) continue;
        const pathNode = field(spec, F.path);
        if (!pathNode) continue;
        const path = pathNode.text.slice(1, -1);
        const name = field(spec, F.name);
        if (!name) table.set(defaultName(path), path);
        else if (name.type === T.packageIdentifier) table.set(name.text, path);
      }
    }
  }
  return table;
}

/** Packages are named after the last element of their path (a `/vN` major-version suffix aside). */
function defaultName(importPath: string): string {
  const parts = importPath.split("/");
  let last = parts[parts.length - 1];
  if (/^v\d+$/.test(last) && parts.length > 1) last = parts[parts.length - 2];
  return last.replace(/^go-/, "").replace(/[.-].*$/, "");
}
