// The part of a function that runs alongside a body it started: every
// instruction reachable from the start point along some path that passes no
// join. Computed on the CFG with a worklist; each block is entered from its
// start at most once, so the walk is linear in the function.
import type { IrFunction } from "../lower/ir.js";
import { cfgOf } from "../flow/cfg.js";
import type { InstrRef } from "../semantic/call-graph.js";
import type { JoinPoints } from "./join-points.js";

export interface Continuation {
  fn: number;
  /** Instructions of `fn` running alongside the body. */
  contains(ref: InstrRef): boolean;
  /** Some exit is reached without a join: the body may outlive the function. */
  leaks: boolean;
  /** Every instruction in the continuation, for following its calls. */
  refs(): InstrRef[];
}

export function continuation(fn: IrFunction, start: InstrRef, joins: JoinPoints): Continuation {
  const cfg = cfgOf(fn);
  const n = fn.blocks.length;
  const fromStart = new Uint8Array(n);
  const stopAfterStart = joins.nextJoin(start.block, start.index);
  let leaks = false;
  const queue: number[] = [];
  const leave = (b: number): void => {
    const kind = fn.blocks[b].term.kind;
    if (kind === "return" || kind === "panic") leaks = true;
    for (const s of cfg.succs[b]) {
      if (fromStart[s] || joins.joinedAtEntry[s]) continue;
      fromStart[s] = 1;
      queue.push(s);
    }
  };
  if (stopAfterStart >= fn.blocks[start.block].instrs.length) leave(start.block);
  for (let i = 0; i < queue.length; i++) {
    const b = queue[i];
    if (joins.firstJoin[b] >= fn.blocks[b].instrs.length) leave(b);
  }
  const contains = (ref: InstrRef): boolean => {
    if (ref.block < 0 || ref.block >= n) return false;
    if (ref.block === start.block && ref.index > start.index && ref.index < stopAfterStart) return true;
    return fromStart[ref.block] === 1 && ref.index < joins.firstJoin[ref.block];
  };
  const refs = (): InstrRef[] => {
    const out: InstrRef[] = [];
    fn.blocks.forEach((block, b) => {
      for (let index = 0; index < block.instrs.length; index++) if (contains({ block: b, index })) out.push({ block: b, index });
    });
    return out;
  };
  return { fn: fn.id, contains, leaks, refs };
}
