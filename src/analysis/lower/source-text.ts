// One file's text and where its lines start, so spans come from UTF-16
// offsets in plain JavaScript: a node's startIndex is free, but each
// endPosition would be another call into WASM.
import type { Node } from "web-tree-sitter";
import type { Span } from "./ir.js";

export class SourceText {
  private readonly lineStarts: number[] = [0];
  /**
   * The last span made: an expression statement's call and the statement
   * share their offsets, and one object serves both (spans are never written).
   */
  private lastStart = -1;
  private lastEnd = -1;
  private lastSpan: Span | null = null;

  constructor(
    readonly path: string,
    readonly text: string,
  ) {
    for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) this.lineStarts.push(i + 1);
  }

  /** 1-based line and column of a UTF-16 offset. */
  private point(offset: number): { line: number; column: number } {
    const starts = this.lineStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo] + 1 };
  }

  span(start: number, end: number): Span {
    if (this.lastSpan !== null && this.lastStart === start && this.lastEnd === end) return this.lastSpan;
    const a = this.point(start);
    const b = this.point(end);
    const span = { line: a.line, column: a.column, endLine: b.line, endColumn: b.column };
    this.lastStart = start;
    this.lastEnd = end;
    this.lastSpan = span;
    return span;
  }

  spanOf(node: Node): Span {
    return this.span(node.startIndex, node.endIndex);
  }

  textOf(node: Node): string {
    return this.text.slice(node.startIndex, node.endIndex);
  }
}

/** Source text shortened for an opaque condition or a dynamic callee: one line, at most `max` characters. */
export function shorten(text: string, max = 40): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}
