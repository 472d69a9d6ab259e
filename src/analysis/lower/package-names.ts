// The package's top-level names, read from every file before any body is
// lowered: whether `T(x)` is a conversion, `T.M` a method expression, or
// `len` a builtin depends on what the package itself declares.
import type { Node } from "web-tree-sitter";
import { T } from "../go/grammar.js";
import type { Kid } from "./syntax.js";

export interface PackageNames {
  types: Set<string>;
  funcs: Set<string>;
  /** Every top-level name: variables, constants, types and functions. */
  all: Set<string>;
}

export function emptyPackageNames(): PackageNames {
  return { types: new Set(), funcs: new Set(), all: new Set() };
}

/** Adds the names declared by the top-level nodes of one file. */
export function addPackageNames(names: PackageNames, top: readonly Kid[], text: string): void {
  const name = (n: Node | null): string => (n ? text.slice(n.startIndex, n.endIndex) : "");
  for (const { node: decl, type } of top) {
    switch (type) {
      case T.functionDeclaration: {
        const n = name(decl.childForFieldName("name"));
        names.funcs.add(n);
        names.all.add(n);
        break;
      }
      case T.typeDeclaration:
        for (const spec of decl.namedChildren) {
          if (spec?.type !== T.typeSpec && spec?.type !== T.typeAlias) continue;
          const n = name(spec.childForFieldName("name"));
          names.types.add(n);
          names.all.add(n);
        }
        break;
      case T.varDeclaration:
      case T.constDeclaration:
        for (const spec of specsOf(decl)) for (const n of spec.childrenForFieldName("name")) if (n) names.all.add(name(n));
        break;
      default:
    }
  }
}

/** The specs of a var or const declaration, grouped or not. */
export function specsOf(decl: Node): Node[] {
  const out: Node[] = [];
  for (const child of decl.namedChildren) {
    if (!child) continue;
    const type = child.type;
    if (type === T.varSpec || type === T.constSpec) out.push(child);
    else if (type === T.varSpecList) for (const s of child.namedChildren) if (s?.type === T.varSpec) out.push(s);
  }
  return out;
}
