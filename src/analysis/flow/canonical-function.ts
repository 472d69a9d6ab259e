// A function with every path in its canonical spelling, for an analysis
// that must see two spellings of one place as one path (a promoted field
// and its full path through the embedded struct). The copy has the same
// blocks and the same instructions at the same positions, so facts found
// on it answer for the original by position; an instruction whose paths
// are all canonical already is the original object itself.
import type { Block, Instr, IrFunction, Path } from "../lower/ir.js";

/** The canonical spelling of a path of one function; the path itself when it is canonical. */
export type Canonical = (path: Path) => Path;

export interface CanonicalFunction {
  fn: IrFunction;
  /** Every path of the function is canonical already: `fn` is the original. */
  same: boolean;
  /** The original instruction of a rewritten one (an unchanged one is its own original). */
  original(instr: Instr): Instr;
}

/** Rewritten instructions, per canonical mapping, so a function analysed several times is rewritten once. */
const memos = new WeakMap<Canonical, WeakMap<Instr, Instr>>();

export function canonicalFunction(fn: IrFunction, canon: Canonical): CanonicalFunction {
  let memo = memos.get(canon);
  if (!memo) memos.set(canon, (memo = new WeakMap()));
  const back = new Map<Instr, Instr>();
  let changed = false;
  const blocks = fn.blocks.map((b): Block => {
    let instrs: Instr[] | null = null;
    b.instrs.forEach((x, i) => {
      let y = memo.get(x);
      if (!y) memo.set(x, (y = rewrite(x, canon)));
      if (y === x) return;
      back.set(y, x);
      instrs ??= b.instrs.slice();
      instrs[i] = y;
    });
    const term = rewrite(b.term, canon);
    if (!instrs && term === b.term) return b;
    changed = true;
    return { ...b, instrs: instrs ?? b.instrs, term };
  });
  if (!changed) return { fn, same: true, original: (x) => x };
  return { fn: { ...fn, blocks }, same: false, original: (x) => back.get(x) ?? x };
}

/** `x` with every path inside it canonical; `x` itself when nothing changes. */
function rewrite<T>(x: T, canon: Canonical): T {
  if (Array.isArray(x)) {
    let out: unknown[] | null = null;
    x.forEach((e, i) => {
      const r = rewrite(e, canon);
      if (r === e) return;
      out ??= x.slice();
      out[i] = r;
    });
    return (out ?? x) as T;
  }
  if (x === null || typeof x !== "object") return x;
  const o = x as Record<string, unknown>;
  if ("root" in o && "selectors" in o) return canon(o as unknown as Path) as T;
  let out: Record<string, unknown> | null = null;
  for (const k in o) {
    if (k === "span" || k === "stmt" || k === "type") continue;
    const v = o[k];
    if (v === null || typeof v !== "object") continue;
    const r = rewrite(v, canon);
    if (r === v) continue;
    out ??= { ...o };
    out[k] = r;
  }
  return (out ?? x) as T;
}
