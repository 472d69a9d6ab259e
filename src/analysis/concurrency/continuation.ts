// The part of a function that runs alongside a body it started: every
// instruction reachable from the start point along some path that passes no
// join. Computed on the CFG with a worklist; each block is entered from its
// start at most once, and only the blocks reached are stored, so the walk
// costs what it covers, not the function's size.
import type { IrFunction } from "../lower/ir.js";
import { cfgOf } from "../flow/cfg.js";
import type { InstrRef } from "../semantic/call-graph.js";
import { isErrorReturn } from "./error-returns.js";
import type { JoinPoints } from "./join-points.js";

export interface Continuation {
  fn: number;
  /** Instructions of `fn` running alongside the body. */
  contains(ref: InstrRef): boolean;
  /** Some exit is reached without a join: the body may outlive the function. */
  leaks: boolean;
  /** Some exit other than a panic or a failure's return (error-returns.ts) is reached without a join. */
  leaksNormally: boolean;
  /** The continuation as runs of instructions, `from` up to (not including) `to` in `block`. */
  ranges(): { block: number; from: number; to: number }[];
}

export function continuation(fn: IrFunction, start: InstrRef, joins: JoinPoints): Continuation {
  const cfg = cfgOf(fn);
  const len = (b: number): number => fn.blocks[b]?.instrs.length ?? 0;
  /** Reached blocks entered from their start, with the index of their first join. */
  const entered = new Map<number, number>();
  const stopAfterStart = joins.nextJoin(start.block, start.index + 1);
  let leaks = false;
  let leaksNormally = false;
  const queue: number[] = [];
  const leave = (b: number): void => {
    const kind = fn.blocks[b].term.kind;
    if (kind === "return" || kind === "panic") leaks = true;
    if (kind === "return" && !isErrorReturn(fn, fn.blocks[b])) leaksNormally = true;
    for (const s of cfg.succs[b]) {
      if (entered.has(s) || joins.joinedAtEntry(s)) continue;
      entered.set(s, joins.nextJoin(s, 0));
      queue.push(s);
    }
  };
  if (stopAfterStart >= len(start.block)) leave(start.block);
  for (let i = 0; i < queue.length; i++) {
    const b = queue[i];
    if ((entered.get(b) ?? 0) >= len(b)) leave(b);
  }
  const contains = (ref: InstrRef): boolean => {
    if (ref.block === start.block && ref.index > start.index && ref.index < stopAfterStart) return true;
    const stop = entered.get(ref.block);
    return stop !== undefined && ref.index >= 0 && ref.index < stop;
  };
  const ranges = (): { block: number; from: number; to: number }[] => {
    const out = [{ block: start.block, from: start.index + 1, to: Math.min(stopAfterStart, len(start.block)) }];
    for (const [block, stop] of entered) {
      if (block !== start.block) out.push({ block, from: 0, to: stop });
      else {
        // The start block entered again (a loop): its head up to the start, and whatever follows the first run.
        out.push({ block, from: 0, to: Math.min(stop, start.index + 1) });
        if (stop > stopAfterStart) out.push({ block, from: stopAfterStart, to: stop });
      }
    }
    return out;
  };
  return { fn: fn.id, contains, leaks, leaksNormally, ranges };
}
