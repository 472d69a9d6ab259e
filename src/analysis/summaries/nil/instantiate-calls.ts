// Callee summaries applied to a caller by rewriting its IR: after each
// summarised call, synthetic assignments set what the summary knows. The
// nilness hooks of flow/nilness.ts cannot say "maybe nil" or set the fields
// of a call's result (the result assignment runs after the call effect and
// forgets them), so instead a maybe-nil path becomes an opaque two-way
// branch with `path = nil` on one arm and `path = make(...)` on the other,
// whose join is maybe-nil with the call as origin. The original Instr
// objects stay in place, so `Nilness.before(instr, path)` still answers
// for them; block ids of the original blocks are kept (new blocks are
// appended), so terminators need no renumbering.
import type { Block, Instr, IrFunction, Path, Value } from "../../lower/ir.js";

export type AfterFact = "nil" | "maybe-nil" | "non-nil";

export interface AfterEffect {
  path: Path;
  fact: AfterFact;
  /** The `at` its synthetic assignments (and so their nil origins) carry: tells effects of one call apart. */
  at: number;
}

const NIL: Value = { kind: "nil" };
const MADE: Value = { kind: "make", type: { kind: "other", text: "map" }, sized: false };

function setTo(call: Instr, e: AfterEffect, value: Value): Instr {
  return { op: "assign", targets: [e.path], value, define: false, span: call.span, at: e.at, stmt: call.stmt };
}

/** `fn` with `after`'s effects following their instructions; `fn` itself when there are none. */
export function instantiateCalls(fn: IrFunction, after: ReadonlyMap<Instr, readonly AfterEffect[]>): IrFunction {
  if (after.size === 0) return fn;
  const blocks: Block[] = fn.blocks.map((b) => ({ ...b, instrs: [] }));
  const fresh = (label: string): Block => {
    const block: Block = { id: blocks.length, instrs: [], term: { kind: "return" }, label };
    blocks.push(block);
    return block;
  };
  for (const original of fn.blocks) {
    let cur = blocks[original.id];
    for (const instr of original.instrs) {
      cur.instrs.push(instr);
      for (const e of after.get(instr) ?? []) {
        if (e.fact !== "maybe-nil") {
          cur.instrs.push(setTo(instr, e, e.fact === "nil" ? NIL : MADE));
          continue;
        }
        const nilArm = fresh("summary.nil");
        const madeArm = fresh("summary.made");
        const next = fresh("summary.join");
        nilArm.instrs.push(setTo(instr, e, NIL));
        madeArm.instrs.push(setTo(instr, e, MADE));
        nilArm.term = { kind: "jump", to: next.id };
        madeArm.term = { kind: "jump", to: next.id };
        cur.term = { kind: "branch", cond: { kind: "opaque", text: "summary" }, then: nilArm.id, else: madeArm.id, span: instr.span };
        cur = next;
      }
    }
    cur.term = original.term;
  }
  return { ...fn, blocks };
}
