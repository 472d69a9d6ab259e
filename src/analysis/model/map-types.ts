// Which type expressions and values are maps, as far as one package's source
// can tell. Types from other packages are unknown and therefore not maps:
// rules stay silent rather than guess.
import type { Node } from "web-tree-sitter";
import { F, T } from "../go/grammar.js";
import { field, kids, unparen } from "../go/nodes.js";
import type { AssignSource, NamedMapType } from "./model-types.js";

export type NamedTypes = ReadonlyMap<string, NamedMapType>;

/** The map type a type expression denotes, as source text, or null when it is not (known to be) a map. */
export function mapTypeText(typeNode: Node | null, named: NamedTypes): string | null {
  if (!typeNode) return null;
  switch (typeNode.type) {
    case T.mapType:
      return typeNode.text;
    case T.typeIdentifier:
    case T.identifier:
      return named.has(typeNode.text) ? typeNode.text : null;
    case T.genericType: {
      const base = field(typeNode, F.type);
      return base && named.has(base.text) ? typeNode.text : null;
    }
    case T.parenthesizedType: {
      const inner = kids(typeNode)[0];
      return inner ? mapTypeText(inner, named) : null;
    }
    default:
      return null;
  }
}

export interface ValueFacts {
  source: AssignSource | "nil";
  /** Set when the value is known to be a (non-nil) map: `make(map...)` or a map literal. */
  mapType: string | null;
}

/** What an initialiser or right-hand side says about the map it produces. */
export function classifyValue(value: Node, named: NamedTypes): ValueFacts {
  const v = unparen(value);
  switch (v.type) {
    case T.nil:
      return { source: "nil", mapType: null };
    case T.compositeLiteral:
      return { source: "literal", mapType: mapTypeText(field(v, F.type), named) };
    case T.callExpression: {
      const fn = field(v, F.function);
      if (fn?.type === T.identifier && fn.text === "make") {
        const args = field(v, F.arguments);
        const first = args ? kids(args)[0] : undefined;
        return { source: "make", mapType: first ? mapTypeText(first, named) : null };
      }
      return { source: "call", mapType: null };
    }
    default:
      return { source: "other", mapType: null };
  }
}

/**
 * Resolves `type A map[K]V`, `type B A`, `type C = A`, ... to their underlying
 * map types. Specs are given as name → type node; order does not matter.
 */
export function resolveNamedMapTypes(specs: ReadonlyMap<string, Node>): Map<string, NamedMapType> {
  const named = new Map<string, NamedMapType>();
  let changed = true;
  while (changed) {
    changed = false;
    for (const [name, typeNode] of specs) {
      if (named.has(name)) continue;
      const underlying = underlyingMap(typeNode, named);
      if (underlying) {
        named.set(name, { name, underlying });
        changed = true;
      }
    }
  }
  return named;
}

function underlyingMap(typeNode: Node, named: NamedTypes): string | null {
  if (typeNode.type === T.mapType) return typeNode.text;
  const text = mapTypeText(typeNode, named);
  if (!text) return null;
  const base = typeNode.type === T.genericType ? field(typeNode, F.type)?.text : typeNode.text;
  return base ? (named.get(base)?.underlying ?? null) : null;
}
