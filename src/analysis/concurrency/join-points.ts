// The instructions of one function that wait for a started body: a Wait on
// the group it was started in or signals Done on (unless it also Adds to it),
// a receive from a channel it sends on or closes, and the end of a `for
// range` over a channel it closes (the loop's body still runs alongside).
// The candidates of a function are read once; each body only filters them,
// so many goroutines started in one long function cost little each.
import type { IrFunction, PackageIr } from "../lower/ir.js";
import type { BodySignals } from "./body-signals.js";
import { pathKey } from "./path-keys.js";

export interface JoinPoints {
  /** Index of the first join at or after `from` in `block`, or the block's length. */
  nextJoin(block: number, from: number): number;
  /** Entering the block passes a join (the exit of a range over a closed channel). */
  joinedAtEntry(block: number): boolean;
}

interface Candidate {
  block: number;
  index: number;
  kind: "wait" | "recv" | "range";
  key: string;
  /** For a range: the block its loop leaves to. */
  exit: number;
}

const candidatesCache = new WeakMap<IrFunction, Map<string, Candidate[]>>();

export function joinPoints(ir: PackageIr, fn: IrFunction, signals: BodySignals, group: string | null): JoinPoints {
  const byBlock = new Map<number, number[]>();
  const entries = new Set<number>();
  const byKey = candidates(ir, fn);
  const waitedFor = [...signals.done].filter((k) => !signals.added.has(k));
  if (group !== null) waitedFor.push(group);
  const take = (keys: Iterable<string>, kind: Candidate["kind"]): void => {
    for (const key of keys) {
      for (const c of byKey.get(key) ?? []) {
        if (c.kind !== kind) continue;
        if (kind === "range") entries.add(c.exit);
        else {
          const list = byBlock.get(c.block);
          if (list) list.push(c.index);
          else byBlock.set(c.block, [c.index]);
        }
      }
    }
  };
  take(waitedFor, "wait");
  take(signals.sends, "recv");
  take(signals.closes, "recv");
  take(signals.closes, "range");
  for (const list of byBlock.values()) list.sort((x, y) => x - y);
  return {
    nextJoin: (block, from) => byBlock.get(block)?.find((j) => j >= from) ?? fn.blocks[block]?.instrs.length ?? 0,
    joinedAtEntry: (block) => entries.has(block),
  };
}

/** The function's waits, receives and channel ranges, by the key of what they wait on. */
function candidates(ir: PackageIr, fn: IrFunction): Map<string, Candidate[]> {
  let found = candidatesCache.get(fn);
  if (found) return found;
  found = new Map();
  for (const [block, b] of fn.blocks.entries()) {
    for (const [index, instr] of b.instrs.entries()) {
      const path = instr.op === "wait" ? instr.group : instr.op === "recv" ? instr.channel : instr.op === "access" && instr.kind === "range" ? instr.path : null;
      if (!path) continue;
      const key = pathKey(ir, fn, path);
      if (key === null) continue;
      const kind = instr.op === "wait" ? "wait" : instr.op === "recv" ? "recv" : "range";
      const exit = kind === "range" ? rangeExit(fn, block) : -1;
      if (kind === "range" && exit < 0) continue;
      const list = found.get(key);
      const c: Candidate = { block, index, kind, key, exit };
      if (list) list.push(c);
      else found.set(key, [c]);
    }
  }
  candidatesCache.set(fn, found);
  return found;
}

/** The block a range loop leaves to: lowering ends the ranged block with a jump to the head, whose last case is the exit. */
function rangeExit(fn: IrFunction, block: number): number {
  const t = fn.blocks[block].term;
  if (t.kind !== "jump") return -1;
  const head = fn.blocks[t.to];
  if (!head || head.label !== "range.head" || head.term.kind !== "switch") return -1;
  return head.term.to[head.term.to.length - 1] ?? -1;
}
