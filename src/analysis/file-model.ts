// What rules know of each file besides the semantic layer: its text, its
// lines (for fixes and fingerprints) and where the parser found syntax errors
// (nothing inside those regions is reported).
import type { Node } from "web-tree-sitter";

/** A parsed file of a package, as the layers read it; the tree is freed after analysis. */
export interface ParsedFile {
  path: string;
  text: string;
  packageName: string;
  root: Node;
}

/** UTF-16 offsets [start, end). */
export interface OffsetSpan {
  start: number;
  end: number;
}

export interface FileModel {
  path: string;
  text: string;
  packageName: string;
  /** Lines of `text` (without line terminators), for fixes and fingerprints. */
  lines: readonly string[];
  /** Offsets of ERROR / MISSING regions; nothing inside them is reported. */
  errorSpans: readonly OffsetSpan[];
  /** The same regions as 1-based line ranges (inclusive). */
  errorLines: readonly { start: number; end: number }[];
  firstErrorLine: number | null;
}

export function splitLines(text: string): string[] {
  return text.split("\n").map((l) => (l.endsWith("\r") ? l.slice(0, -1) : l));
}

/**
 * ERROR and MISSING nodes in source order, found by descending only into
 * subtrees that contain one. Iterative: a hostile file nests as deep as it
 * likes, and broken code is where it does.
 */
function errorNodes(root: Node): Node[] {
  const out: Node[] = [];
  if (!root.hasError) return out;
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.isError || node.isMissing) {
      out.push(node);
      continue;
    }
    const children = node.children;
    for (let i = children.length - 1; i >= 0; i--) {
      const child = children[i];
      if (child && (child.hasError || child.isMissing)) stack.push(child);
    }
  }
  return out;
}

export function fileModel(file: ParsedFile): FileModel {
  const errors = errorNodes(file.root);
  const errorSpans = errors.map((n) => ({ start: n.startIndex, end: Math.max(n.endIndex, n.startIndex + 1) }));
  const errorLines = errors.map((n) => ({ start: n.startPosition.row + 1, end: n.endPosition.row + 1 }));
  const firstErrorLine = errorLines.reduce<number | null>((first, l) => (first === null || l.start < first ? l.start : first), null);
  return { path: file.path, text: file.text, packageName: file.packageName, lines: splitLines(file.text), errorSpans, errorLines, firstErrorLine };
}
