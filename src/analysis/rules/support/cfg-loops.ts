// Loops of a function's control-flow graph (natural loops of its back
// edges), with the source offsets their instructions cover: the IR keeps no
// span of a `for` statement, and the ports ask "is this in the loop that
// starts the goroutine (or hands the map over)?".
import { cfgOf } from "../../flow/cfg.js";
import { backEdges } from "../../flow/loops.js";
import type { IrFunction } from "../../lower/ir.js";

export interface Loop {
  blocks: Set<number>;
  /** Source offsets the loop's instructions cover: [start, end). */
  start: number;
  end: number;
}

/** The smallest loop holding `block`, or null when it is in none. */
export function innermostLoop(fn: IrFunction, block: number): Loop | null {
  const cfg = cfgOf(fn);
  let best: Set<number> | null = null;
  for (const edge of backEdges(cfg)) {
    if (best?.size === 1) break;
    const blocks = naturalLoop(cfg.preds, edge.from, edge.to);
    if (!blocks.has(block)) continue;
    if (!best || blocks.size < best.size) best = blocks;
  }
  if (!best) return null;
  let start = Infinity;
  let end = -Infinity;
  for (const id of best) {
    for (const instr of fn.blocks[id]?.instrs ?? []) {
      start = Math.min(start, instr.at);
      end = Math.max(end, instr.at + 1);
    }
  }
  return { blocks: best, start, end };
}

function naturalLoop(preds: readonly (readonly number[])[], from: number, header: number): Set<number> {
  const blocks = new Set([header, from]);
  const stack = [from];
  while (stack.length > 0) {
    const b = stack.pop() as number;
    if (b === header) continue;
    for (const p of preds[b] ?? []) {
      if (!blocks.has(p)) {
        blocks.add(p);
        stack.push(p);
      }
    }
  }
  return blocks;
}
