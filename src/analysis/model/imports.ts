// Which names a file imports a package under. Library shapes are recognised
// by their import, never by a guessed package name: `http.Header` means
// net/http only where the file imports net/http as `http`.
import type { Node } from "web-tree-sitter";
import { F, T } from "../go/grammar.js";
import { field, kids } from "../go/nodes.js";

/**
 * The names under which `importPath` is imported among a file's top-level
 * nodes. Dot and blank imports give no name: a dot-imported `Header` could be
 * anything, so it is not recognised.
 */
export function importNames(top: readonly Node[], importPath: string): string[] {
  const out: string[] = [];
  for (const node of top) {
    if (node.type !== T.importDeclaration) continue;
    for (const spec of importSpecs(node)) {
      const path = field(spec, F.path);
      if (!path || unquote(path.text) !== importPath) continue;
      const name = field(spec, F.name);
      if (!name) out.push(defaultName(importPath));
      else if (name.type === T.packageIdentifier) out.push(name.text);
    }
  }
  return out;
}

function importSpecs(declaration: Node): Node[] {
  const out: Node[] = [];
  for (const child of kids(declaration)) {
    if (child.type === T.importSpec) out.push(child);
    else if (child.type === T.importSpecList) out.push(...kids(child).filter((k) => k.type === T.importSpec));
  }
  return out;
}

function unquote(literal: string): string {
  return literal.length >= 2 ? literal.slice(1, -1) : literal;
}

/** The standard library's packages are named after the last element of their path. */
function defaultName(importPath: string): string {
  return importPath.slice(importPath.lastIndexOf("/") + 1);
}
