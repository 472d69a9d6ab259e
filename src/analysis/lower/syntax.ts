// Reading children with their types, once: every node access is a call into
// WASM, so lowering fetches a node's children in one call and each child's
// type once, and tells fields apart by type and position instead of asking
// for fields by name.
import type { Node, TreeCursor } from "web-tree-sitter";
import { T } from "../go/grammar.js";

export interface Kid {
  node: Node;
  type: string;
}

/** Named children without comments (extras appear anywhere). */
export function namedKids(node: Node): Kid[] {
  const out: Kid[] = [];
  for (const child of node.namedChildren) {
    if (!child) continue;
    const type = child.type;
    if (type !== T.comment) out.push({ node: child, type });
  }
  return out;
}

/** A top-level declaration and its index among the root's named children. */
export type TopKid = Kid;

/** A file's top-level declarations, without comments. */
export function topKids(root: Node): TopKid[] {
  return namedKids(root);
}

/**
 * Fresh nodes for a file's top-level declarations, to lower their bodies
 * from: web-tree-sitter caches a node's children on the node, so lowering
 * from the node `tops` holds would keep every node read below it alive for
 * the whole package; from a fresh one, they die with the declaration. A
 * cursor walks the top level once: `root.namedChild(i)` costs O(i), which a
 * file of many thousand declarations (or one broken into as many pieces)
 * turns quadratic.
 */
export class FreshTops {
  private readonly cursor: TreeCursor;
  private state: "new" | "on" | "done" = "new";

  constructor(root: Node) {
    this.cursor = root.walk();
  }

  /** A fresh node for `top` (or `top.node` itself when the cursor cannot find it); asked in source order. */
  of(top: TopKid): Node {
    const c = this.cursor;
    if (this.state === "new") this.state = c.gotoFirstChild() ? "on" : "done";
    const start = top.node.startIndex;
    const typeId = top.node.typeId;
    while (this.state === "on") {
      const at = c.startIndex;
      if (at > start) break;
      if (at === start && c.nodeTypeId === typeId) return c.currentNode;
      if (!c.gotoNextSibling()) this.state = "done";
    }
    return top.node;
  }

  delete(): void {
    this.cursor.delete();
  }
}

/** All children, anonymous tokens included, without comments. */
export function allKids(node: Node): Kid[] {
  const out: Kid[] = [];
  for (const child of node.children) {
    if (!child) continue;
    const type = child.type;
    if (type !== T.comment) out.push({ node: child, type });
  }
  return out;
}

/** The expressions of an expression_list kid, or the kid itself. */
export function listItems(kid: Kid | undefined): Kid[] {
  if (!kid) return [];
  return kid.type === T.expressionList ? namedKids(kid.node) : [kid];
}

/** Strips enclosing parentheses. */
export function unparenKid(kid: Kid): Kid {
  let k = kid;
  while (k.type === T.parenthesizedExpression) {
    const inner = namedKids(k.node)[0];
    if (!inner) return k;
    k = inner;
  }
  return k;
}

/** Identifier chains `a`, `a.b.c` (ASCII: anything else takes the slow road through the tree). */
export const SIMPLE_CHAIN = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*$/;

/** Source text with no call, index, literal, closure or receive inside: its value has no effects to lower. */
export function effectFree(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // ( [ { " ` / (a comment), and <- (a receive)
    if (c === 40 || c === 91 || c === 123 || c === 34 || c === 96 || c === 47) return false;
    if (c === 60 && text.charCodeAt(i + 1) === 45) return false;
  }
  return true;
}
