// Control-flow questions the ported rules ask of events, answered from each
// function's CFG once and cached: does one instruction run before another on
// every path (dominance), and which loops (natural loops of the back edges)
// hold an instruction.
import { type Cfg, cfgOf } from "../../flow/cfg.js";
import { dominates, dominators, type DomTree } from "../../flow/dominators.js";
import { backEdges } from "../../flow/loops.js";
import type { IrFunction } from "../../lower/ir.js";

export interface Placed {
  fn: IrFunction;
  block: number;
  order: number;
}

interface FnFacts {
  cfg: Cfg;
  dom: DomTree;
  loops: ReadonlySet<number>[];
}

export class ControlFacts {
  private readonly cache = new Map<IrFunction, FnFacts>();

  private facts(fn: IrFunction): FnFacts {
    let f = this.cache.get(fn);
    if (!f) {
      const cfg = cfgOf(fn);
      f = { cfg, dom: dominators(cfg), loops: naturalLoops(cfg) };
      this.cache.set(fn, f);
    }
    return f;
  }

  /** Whether `a` runs before `b` on every path to `b` (same function). */
  dominates(a: Placed, b: Placed): boolean {
    if (a.fn !== b.fn) return false;
    if (a.block === b.block) return a.order < b.order;
    return dominates(this.facts(a.fn).dom, a.block, b.block);
  }

  /** Whether block `a` dominates block `b` of `fn`. */
  blockDominates(fn: IrFunction, a: number, b: number): boolean {
    return dominates(this.facts(fn).dom, a, b);
  }

  /** The loops (sets of blocks) holding `e`'s block. */
  loopsAround(e: Placed): ReadonlySet<number>[] {
    return this.facts(e.fn).loops.filter((l) => l.has(e.block));
  }
}

/** One set of blocks per loop head: the head and every block that reaches a back edge into it without passing the head. */
function naturalLoops(cfg: Cfg): ReadonlySet<number>[] {
  const byHead = new Map<number, Set<number>>();
  for (const edge of backEdges(cfg)) {
    const body = byHead.get(edge.to) ?? new Set<number>([edge.to]);
    byHead.set(edge.to, body);
    const stack = [edge.from];
    while (stack.length > 0) {
      const b = stack.pop() as number;
      if (body.has(b)) continue;
      body.add(b);
      for (const p of cfg.preds[b]) if (cfg.order[p] >= 0) stack.push(p);
    }
  }
  return [...byHead.values()];
}
