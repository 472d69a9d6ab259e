// Collects one function's summary under its caps: each access once (the
// same instruction reached through two call sites with the same locks is
// one fact; the shortest chain, the first in source order among equals,
// stands for both), at most
// `maxAccesses` of them, and bounded lists of goroutines and waits.
import type { IrFunction } from "../lower/ir.js";
import { locksText } from "./lock-sets.js";
import type { AccessSummary, GoStart, MapAccess, WaitPoint } from "./summary-types.js";

export const MAX_GOROUTINES = 64;
export const MAX_WAITS = 64;
/** `cut` saturates here: it says "this many or more". */
export const MAX_CUT_COUNT = 1_000_000;

type Rest = Pick<AccessSummary, "acquires" | "releases" | "ownedVars" | "freshResults" | "borrowedResults" | "converged">;

export class SummaryBuilder {
  private readonly accesses: MapAccess[] = [];
  /** Where each access is in `accesses`, by what makes it one fact. */
  private readonly seen = new Map<string, number>();
  private readonly goroutines: GoStart[] = [];
  private readonly seenGo = new Set<string>();
  private readonly waits: WaitPoint[] = [];
  private readonly seenWait = new Set<string>();
  private cut = 0;

  constructor(
    private readonly fn: IrFunction,
    private readonly maxAccesses: number,
  ) {}

  full(): boolean {
    return this.accesses.length >= this.maxAccesses;
  }

  /** Accesses left out without being looked at; a callee's own cut is passed on as one, so counts stay bounded through cycles. */
  skip(count: number): void {
    this.cut = Math.min(this.cut + count, MAX_CUT_COUNT);
  }

  addAccess(a: MapAccess): void {
    const id = `${a.kind} ${a.key} ${locksText(a.locks, (l) => l.key)} ${locksText(a.released, (l) => l.key)} ${a.owned} ${originId(a.origin)}`;
    const at = this.seen.get(id);
    if (at !== undefined) {
      // A cycle's members are summarised in an order that may bring the longer way first: the message names the shorter.
      if (a.chain.length < this.accesses[at].chain.length) this.accesses[at] = a;
      return;
    }
    if (this.full()) {
      this.skip(1);
      return;
    }
    this.seen.set(id, this.accesses.length);
    this.accesses.push(a);
  }

  addGo(g: GoStart): void {
    const id = `${originId(g.origin)} ${g.inLoop} ${locksText(g.locks, (l) => l.key)}`;
    if (this.seenGo.has(id) || this.goroutines.length >= MAX_GOROUTINES) return;
    this.seenGo.add(id);
    this.goroutines.push(g);
  }

  addWait(w: WaitPoint): void {
    const id = originId(w.origin);
    if (this.seenWait.has(id) || this.waits.length >= MAX_WAITS) return;
    this.seenWait.add(id);
    this.waits.push(w);
  }

  finish(rest: Rest): AccessSummary {
    return { fn: this.fn.id, accesses: this.accesses, cut: this.cut, goroutines: this.goroutines, waits: this.waits, ...rest };
  }
}

function originId(o: { fn: number; span: { line: number; column: number } }): string {
  return `${o.fn}@${o.span.line}:${o.span.column}`;
}
