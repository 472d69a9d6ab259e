// Small typed accessors over tree-sitter nodes, so model code reads as Go
// rather than as grammar plumbing.
import type { Node } from "web-tree-sitter";
import { F, T } from "./grammar.js";

export function field(node: Node, name: (typeof F)[keyof typeof F]): Node | null {
  return node.childForFieldName(name);
}

export function fields(node: Node, name: (typeof F)[keyof typeof F]): Node[] {
  return node.childrenForFieldName(name).filter((n): n is Node => n !== null);
}

/** Named children, without comments (extras appear anywhere in the tree). */
export function kids(node: Node): Node[] {
  const out: Node[] = [];
  for (const child of node.namedChildren) {
    if (child && child.type !== T.comment) out.push(child);
  }
  return out;
}

/** The expressions of an expression_list, or the node itself when it is a single expression. */
export function expressions(node: Node | null): Node[] {
  if (!node) return [];
  return node.type === T.expressionList ? kids(node) : [node];
}

/** Strips any number of enclosing parentheses: `((m))` is `m`. */
export function unparen(node: Node): Node {
  let n = node;
  while (n.type === T.parenthesizedExpression) {
    const inner = kids(n)[0];
    if (!inner) return n;
    n = inner;
  }
  return n;
}

export function isIdentifier(node: Node | null): node is Node {
  return node !== null && node.type === T.identifier;
}

/** The operator token of a binary/unary/assignment node, e.g. "&", "!=", "+=". */
export function operatorOf(node: Node): string {
  return field(node, F.operator)?.type ?? "";
}
