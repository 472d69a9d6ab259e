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

/**
 * "kept-or-made": a decode, which makes the map when the input has its key
 * and otherwise leaves it as it was. A map made before the decode stays
 * made (an explicit `null` in the input would clear it: mapguard takes a
 * default as meant to survive); one nil before it is maybe-nil after it.
 */
export type AfterFact = "nil" | "maybe-nil" | "non-nil" | "kept-or-made";

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
        if (e.fact === "nil" || e.fact === "non-nil") {
          cur.instrs.push(setTo(instr, e, e.fact === "nil" ? NIL : MADE));
          continue;
        }
        const nilArm = fresh("summary.nil");
        const madeArm = fresh("summary.made");
        const next = fresh("summary.join");
        madeArm.instrs.push(setTo(instr, e, MADE));
        if (e.fact === "kept-or-made") {
          // Left as it was: nil (now with the decode as its origin) only where it was nil before.
          const wasNil = fresh("summary.was-nil");
          wasNil.instrs.push(setTo(instr, e, NIL));
          wasNil.term = { kind: "jump", to: next.id };
          nilArm.term = { kind: "branch", cond: { kind: "nil", path: e.path, negated: false }, then: wasNil.id, else: next.id, span: instr.span };
        } else {
          nilArm.instrs.push(setTo(instr, e, NIL));
          nilArm.term = { kind: "jump", to: next.id };
        }
        madeArm.term = { kind: "jump", to: next.id };
        cur.term = { kind: "branch", cond: { kind: "opaque", text: "summary" }, then: nilArm.id, else: madeArm.id, span: instr.span };
        cur = next;
      }
    }
    cur.term = original.term;
  }
  return { ...fn, blocks };
}
