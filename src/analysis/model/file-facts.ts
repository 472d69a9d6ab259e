// Per-file facts that do not need the walk: lines and syntax-error regions.
import type { Node } from "web-tree-sitter";
import type { FileModel, Span } from "./model-types.js";

export function splitLines(text: string): string[] {
  return text.split("\n").map((l) => (l.endsWith("\r") ? l.slice(0, -1) : l));
}

/** ERROR and MISSING nodes, found by descending only into subtrees that contain one. */
export function errorNodes(root: Node): Node[] {
  const out: Node[] = [];
  const visit = (node: Node): void => {
    if (node.isError || node.isMissing) {
      out.push(node);
      return;
    }
    for (const child of node.children) if (child && (child.hasError || child.isMissing)) visit(child);
  };
  if (root.hasError) visit(root);
  return out;
}

export function fileModel(path: string, text: string, packageName: string, root: Node): FileModel {
  const errors = errorNodes(root);
  const errorSpans: Span[] = errors.map((n) => ({ start: n.startIndex, end: Math.max(n.endIndex, n.startIndex + 1) }));
  const errorLines = errors.map((n) => ({ start: n.startPosition.row + 1, end: n.endPosition.row + 1 }));
  const firstErrorLine = errors.length ? Math.min(...errorLines.map((l) => l.start)) : null;
  return { path, text, packageName, lines: splitLines(text), errorSpans, errorLines, firstErrorLine };
}

export function insideSpans(spans: readonly Span[], at: number): boolean {
  return spans.some((s) => at >= s.start && at < s.end);
}
