// The instructions of one function that wait for a started body: a Wait on
// the group it was started in or signals Done on (unless it also Adds to it),
// a receive from a channel it sends on or closes, and the end of a `for
// range` over a channel it closes (the loop's body still runs alongside).
import type { IrFunction, PackageIr } from "../lower/ir.js";
import type { BodySignals } from "./body-signals.js";
import { pathKey } from "./path-keys.js";

export interface JoinPoints {
  /** Per block: index of the first joining instruction, or the block's length. */
  firstJoin: Int32Array;
  /** Blocks whose entry passes a join (the exit of a range over a closed channel). */
  joinedAtEntry: Uint8Array;
  /** Index of the first join after `index` in `block` (or the block's length). */
  nextJoin(block: number, index: number): number;
}

export function joinPoints(ir: PackageIr, fn: IrFunction, signals: BodySignals, group: string | null): JoinPoints {
  const n = fn.blocks.length;
  const joinsByBlock: number[][] = Array.from({ length: n }, () => []);
  const joinedAtEntry = new Uint8Array(n);
  fn.blocks.forEach((block, b) => {
    block.instrs.forEach((instr, i) => {
      if (instr.op === "wait") {
        const k = pathKey(ir, fn, instr.group);
        if (k !== null && (k === group || (signals.done.has(k) && !signals.added.has(k)))) joinsByBlock[b].push(i);
      } else if (instr.op === "recv") {
        const k = pathKey(ir, fn, instr.channel);
        if (k !== null && (signals.sends.has(k) || signals.closes.has(k))) joinsByBlock[b].push(i);
      } else if (instr.op === "access" && instr.kind === "range") {
        const k = pathKey(ir, fn, instr.path);
        const done = k !== null && signals.closes.has(k) ? rangeExit(fn, b) : -1;
        if (done >= 0) joinedAtEntry[done] = 1;
      }
    });
  });
  const firstJoin = new Int32Array(n);
  for (let b = 0; b < n; b++) firstJoin[b] = joinsByBlock[b][0] ?? fn.blocks[b].instrs.length;
  return {
    firstJoin,
    joinedAtEntry,
    nextJoin: (block, index) => joinsByBlock[block].find((j) => j > index) ?? fn.blocks[block].instrs.length,
  };
}

/** The block a range loop leaves to: lowering ends the ranged block with a jump to the head, whose last case is the exit. */
function rangeExit(fn: IrFunction, block: number): number {
  const t = fn.blocks[block].term;
  if (t.kind !== "jump") return -1;
  const head = fn.blocks[t.to];
  if (!head || head.label !== "range.head" || head.term.kind !== "switch") return -1;
  return head.term.to[head.term.to.length - 1] ?? -1;
}
