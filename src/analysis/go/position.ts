// The one place where tree-sitter positions become mapguard Locations.
// tree-sitter rows are 0-based; Locations are 1-based. For a JavaScript string
// input web-tree-sitter reports columns and indices in UTF-16 code units (it
// feeds the parser UTF-16), which is also what Location promises.
import type { Node, Point } from "web-tree-sitter";
import type { Location } from "../types.js";

export function lineOf(point: Point): number {
  return point.row + 1;
}

export function columnOf(point: Point): number {
  return point.column + 1;
}

export function locationOf(path: string, node: Node): Location {
  return spanLocation(path, node.startPosition, node.endPosition);
}

/** A location from the start of `from` to the end of `to`. */
export function spanLocation(path: string, start: Point, end: Point): Location {
  return {
    path,
    startLine: lineOf(start),
    startColumn: columnOf(start),
    endLine: lineOf(end),
    endColumn: columnOf(end),
  };
}
