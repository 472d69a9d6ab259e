// Range loops of one function, read off its control-flow graph: the head
// block lowering labels `range.head`, the body it switches to, the natural
// loop of its back edges, and what the loop ranges over. The questions a rule
// asks of a loop's body — does it leave early, does a block run on every
// iteration — are answered on the graph, not on the source text.
import { cfgOf, type Cfg } from "../../flow/cfg.js";
import type { Instr, IrFunction } from "../../lower/ir.js";

type AccessInstr = Extract<Instr, { op: "access" }>;
type AssignInstr = Extract<Instr, { op: "assign" }>;

export interface RangeLoop {
  head: number;
  body: number;
  done: number;
  /** The head and every block on a path from the body back to it. */
  blocks: ReadonlySet<number>;
  /** Blocks that jump back to the head: one, unless a `continue` adds others. */
  latches: readonly number[];
  /** The block the loop is entered from (it evaluates the ranged value). */
  preheader: number | null;
  /** `access range x`: the ranged value's path and span; null for `range 10` and other constants. */
  subject: AccessInstr | null;
  /** The iteration variables' assignments (absent for `_` or when there is none). */
  key: AssignInstr | null;
  value: AssignInstr | null;
}

const cache = new WeakMap<IrFunction, RangeLoop[]>();

/** The function's range loops (computed once per function). */
export function rangeLoops(fn: IrFunction): RangeLoop[] {
  let loops = cache.get(fn);
  if (!loops) {
    loops = findRangeLoops(fn);
    cache.set(fn, loops);
  }
  return loops;
}

/** The innermost range loop holding `block` (not as its head), or null. */
export function innermostRangeLoop(fn: IrFunction, block: number): RangeLoop | null {
  let best: RangeLoop | null = null;
  for (const loop of rangeLoops(fn)) {
    if (block === loop.head || !loop.blocks.has(block)) continue;
    if (!best || loop.blocks.size < best.blocks.size) best = loop;
  }
  return best;
}

function findRangeLoops(fn: IrFunction): RangeLoop[] {
  const cfg = cfgOf(fn);
  const out: RangeLoop[] = [];
  for (const head of fn.blocks) {
    const t = head.term;
    if (head.label !== "range.head" || t.kind !== "switch" || t.to.length !== 2 || cfg.order[head.id] < 0) continue;
    const [body, done] = t.to;
    const forward = reach(cfg, [body], (b) => b !== head.id);
    const latches = cfg.preds[head.id].filter((p) => forward.has(p));
    const blocks = reachBack(cfg, latches, head.id);
    const entries = cfg.preds[head.id].filter((p) => !blocks.has(p));
    const preheader = entries.length === 1 ? entries[0] : null;
    let subject: AccessInstr | null = null;
    if (preheader !== null) {
      const instrs = fn.blocks[preheader].instrs;
      const last = instrs[instrs.length - 1];
      if (last?.op === "access" && last.kind === "range") subject = last;
    }
    let key: AssignInstr | null = null;
    let value: AssignInstr | null = null;
    for (const instr of fn.blocks[body].instrs) {
      if (instr.op !== "assign" || instr.targets.length !== 1) break;
      if (instr.value.kind === "range-key" && !key && !value) key = instr;
      else if (instr.value.kind === "range-value" && !value) value = instr;
      else break;
    }
    out.push({ head: head.id, body, done, blocks, latches, preheader, subject, key, value });
  }
  return out;
}

/** Blocks reachable from `from` (included) through blocks `allowed` admits. */
export function reach(cfg: Cfg, from: readonly number[], allowed: (b: number) => boolean): Set<number> {
  const seen = new Set<number>();
  const stack = from.filter(allowed);
  for (const b of stack) seen.add(b);
  while (stack.length > 0) {
    const b = stack.pop() as number;
    for (const s of cfg.succs[b]) {
      if (seen.has(s) || !allowed(s)) continue;
      seen.add(s);
      stack.push(s);
    }
  }
  return seen;
}

/** The natural loop of `head`: the head and every block that reaches a latch without passing the head. */
function reachBack(cfg: Cfg, latches: readonly number[], head: number): Set<number> {
  const seen = new Set<number>([head, ...latches]);
  const stack = [...latches];
  while (stack.length > 0) {
    const b = stack.pop() as number;
    for (const p of cfg.preds[b]) {
      if (seen.has(p) || cfg.order[p] < 0) continue;
      seen.add(p);
      stack.push(p);
    }
  }
  return seen;
}

/**
 * Whether some path leaves the loop other than by the head's `done` edge:
 * `break`, `return`, `goto`. An exit of the process (`log.Fatal`, `os.Exit`)
 * is not counted: it ends every loop at once, and the loop still runs to the
 * end when it does not happen.
 */
export function leavesEarly(cfg: Cfg, loop: RangeLoop): boolean {
  for (const b of loop.blocks) {
    if (b === loop.head) continue;
    if (cfg.fn.blocks[b].term.kind === "return") return true;
    for (const s of cfg.succs[b]) if (!loop.blocks.has(s) && returnsFrom(cfg, s, loop)) return true;
  }
  return false;
}

/** Whether a path from `block`, outside the loop, reaches a `return` (a path that only ends the process does not). */
function returnsFrom(cfg: Cfg, block: number, loop: RangeLoop): boolean {
  for (const b of reach(cfg, [block], (x) => !loop.blocks.has(x))) if (cfg.fn.blocks[b].term.kind === "return") return true;
  return false;
}

/** Whether every path from the loop's body back to its head runs through `block`. */
export function runsEveryIteration(cfg: Cfg, loop: RangeLoop, block: number): boolean {
  if (block === loop.body) return true;
  const avoiding = reach(cfg, [loop.body], (b) => b !== block && b !== loop.head && loop.blocks.has(b));
  return !loop.latches.some((l) => avoiding.has(l));
}

/** Whether `block` lies on a cycle inside the loop that does not pass its head (an inner loop). */
export function inInnerLoop(cfg: Cfg, loop: RangeLoop, block: number): boolean {
  const after = reach(cfg, cfg.succs[block], (b) => b !== loop.head && loop.blocks.has(b));
  return after.has(block);
}
