// Where words occur in one function's source, found once, so that asking
// "does this statement mention any of them?" costs a binary search instead
// of one substring scan per word per statement (statements nest, so the
// scans repeated over the same text at every depth).
//
// The answer is exactly `mentions(text.slice(start, end), word)` for some
// word: every raw occurrence is kept together with whether its neighbours in
// the whole text are identifier characters, and a neighbour outside the
// asked span counts as no identifier character, as it does for a slice.
import { isIdentifierChar } from "./relevance.js";

export class MentionIndex {
  /** Occurrences that are whole identifiers in the whole text, sorted by start. */
  private starts: number[] = [];
  private ends: number[] = [];
  /** Occurrences glued to an identifier character on one side: whole only if the span cuts there. */
  private readonly edgeByStart = new Map<number, number[]>();
  private readonly edgeByEnd = new Map<number, number[]>();
  private readonly indexed = new Set<string>();
  private span: string | null = null;

  constructor(
    private readonly text: string,
    private readonly from: number,
    private readonly to: number,
  ) {}

  /** Indexes `word`; `bounded` false for operators such as `<-`, which need no identifier boundary. */
  add(word: string, bounded = true): void {
    if (word === "" || this.indexed.has(word)) return;
    this.indexed.add(word);
    const starts: number[] = [];
    const ends: number[] = [];
    const { text, from } = this;
    // Searched in the span's own text: indexOf on the whole file would run on to its end for every absent word.
    this.span ??= text.slice(from, this.to);
    for (let found = this.span.indexOf(word); found >= 0; found = this.span.indexOf(word, found + 1)) {
      const at = from + found;
      const end = at + word.length;
      const leftGlued = bounded && isIdentifierChar(text, at - 1, true);
      const rightGlued = bounded && isIdentifierChar(text, end, false);
      if (!leftGlued && !rightGlued) {
        starts.push(at);
        ends.push(end);
      } else if (leftGlued && rightGlued) {
        // Glued on both sides: whole only for a span that is exactly this word.
        pushTo(this.edgeByStart, at, end);
        pushTo(this.edgeByEnd, end, at);
      } else if (leftGlued) {
        pushTo(this.edgeByStart, at, end);
      } else {
        pushTo(this.edgeByEnd, end, at);
      }
    }
    if (starts.length > 0) this.merge(starts, ends);
  }

  /** Whether the text in [start, end) mentions an indexed word. */
  any(start: number, end: number): boolean {
    const { starts, ends } = this;
    let lo = 0;
    let hi = starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (starts[mid] < start) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < starts.length && starts[i] < end; i++) if (ends[i] <= end) return true;
    // Glued on the left only: whole when the span starts right there.
    for (const e of this.edgeByStart.get(start) ?? []) if (e <= end && (e === end || !isIdentifierChar(this.text, e, false))) return true;
    // Glued on the right only: whole when the span ends right there.
    for (const s of this.edgeByEnd.get(end) ?? []) if (s >= start && (s === start || !isIdentifierChar(this.text, s - 1, true))) return true;
    return false;
  }

  private merge(starts: number[], ends: number[]): void {
    const outStarts: number[] = [];
    const outEnds: number[] = [];
    let i = 0;
    let j = 0;
    while (i < this.starts.length || j < starts.length) {
      if (j >= starts.length || (i < this.starts.length && this.starts[i] <= starts[j])) {
        outStarts.push(this.starts[i]);
        outEnds.push(this.ends[i++]);
      } else {
        outStarts.push(starts[j]);
        outEnds.push(ends[j++]);
      }
    }
    this.starts = outStarts;
    this.ends = outEnds;
  }
}

function pushTo(map: Map<number, number[]>, key: number, value: number): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
