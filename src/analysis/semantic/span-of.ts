// Spans of declarations, in the IR's units (1-based lines and UTF-16 columns,
// see go/position.ts), so declarations and IR instructions compare directly.
import type { Node } from "web-tree-sitter";
import type { Span } from "../lower/ir.js";
import { columnOf, lineOf } from "../go/position.js";

export function spanOf(node: Node): Span {
  return {
    line: lineOf(node.startPosition),
    column: columnOf(node.startPosition),
    endLine: lineOf(node.endPosition),
    endColumn: columnOf(node.endPosition),
  };
}

/** The declaring name's span and offset, as every declaration carries them. */
export function declaredAt(path: string, name: Node): { path: string; declared: Span; at: number } {
  return { path, declared: spanOf(name), at: name.startIndex };
}

/** The declared names of a spec or declaration; the grammar also files the commas between them under `name`. */
export function nameNodes(node: Node): Node[] {
  return node.childrenForFieldName("name").filter((n): n is Node => n !== null && n.isNamed);
}
