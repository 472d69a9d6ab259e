// The package's call graph: for every call, go and defer (and every
// Lock/Wait/Add/Done lowering turned into its own instruction, when the
// receiver is a package type with such a method), the IrFunctions it may
// run. Func values are followed flow-insensitively (function-flow.ts);
// func values handed to code mapguard cannot see are callbackEscapes: the
// concurrency layer treats them as entry points.
import type { Span } from "../lower/ir.js";
import type { CallTarget, Resolution } from "./resolve-callee.js";
import { stronglyConnected } from "./scc.js";

/** An instruction of a function: its block and its index in the block. */
export interface InstrRef {
  block: number;
  index: number;
}

export type CallOp = "call" | "go" | "defer" | "lock" | "unlock" | "wait" | "wg";

export interface CallSite extends InstrRef {
  fn: number;
  op: CallOp;
  span: Span;
  how: Resolution;
  targets: CallTarget[];
}

/** A package function value handed to a callee mapguard cannot see (`http.HandleFunc("/", h)`): it may be called from anywhere. */
export interface CallbackEscape extends InstrRef {
  fn: number;
  /** The argument's position in the call. */
  arg: number;
  /** The callee as written: `net/http.HandleFunc`, `x.Walk`. */
  callee: string;
  span: Span;
  targets: number[];
}

export class CallGraph {
  /** By function id: call sites by instrKey. */
  private readonly byInstr: Map<number, CallSite>[];
  private readonly callers: CallSite[][];
  private components: number[][] | null = null;

  constructor(
    readonly functionCount: number,
    readonly sites: readonly CallSite[],
    readonly callbackEscapes: readonly CallbackEscape[],
  ) {
    this.byInstr = Array.from({ length: functionCount }, () => new Map());
    this.callers = Array.from({ length: functionCount }, () => []);
    for (const s of sites) {
      this.byInstr[s.fn]?.set(instrKey(s), s);
      const seen = new Set<number>();
      for (const t of s.targets) {
        if (seen.has(t.fn)) continue;
        seen.add(t.fn);
        this.callers[t.fn]?.push(s);
      }
    }
  }

  /** The call sites in `fnId`. */
  sitesOf(fnId: number): IterableIterator<CallSite> {
    return (this.byInstr[fnId] ?? new Map<number, CallSite>()).values();
  }

  site(fnId: number, ref: InstrRef): CallSite | null {
    return this.byInstr[fnId]?.get(instrKey(ref)) ?? null;
  }

  /** IrFunction ids the instruction may run (empty when it is no call, or its callee is unknown). */
  callees(fnId: number, ref: InstrRef): number[] {
    const site = this.site(fnId, ref);
    return site ? [...new Set(site.targets.map((t) => t.fn))] : [];
  }

  /** The call sites that may run `fnId`. */
  callersOf(fnId: number): readonly CallSite[] {
    return this.callers[fnId] ?? [];
  }

  /**
   * Components of the graph of calls, go statements, defers and escaping
   * callbacks (a function depends on the callbacks it hands out), callees first.
   */
  stronglyConnectedComponents(): number[][] {
    if (this.components) return this.components;
    const succ: Set<number>[] = Array.from({ length: this.functionCount }, () => new Set());
    const add = (from: number, to: number): void => {
      if (to < this.functionCount) succ[from]?.add(to);
    };
    for (const s of this.sites) for (const t of s.targets) add(s.fn, t.fn);
    for (const e of this.callbackEscapes) for (const t of e.targets) add(e.fn, t);
    this.components = stronglyConnected(succ.map((set) => [...set]));
    return this.components;
  }
}

/** Blocks hold far fewer than 2^20 instructions; the product stays an exact integer. */
function instrKey(ref: InstrRef): number {
  return ref.block * 1_048_576 + ref.index;
}
