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
export type AfterFact = "nil" | "maybe-nil" | "non-nil" | "kept-or-made" | "nil-on-error";

export interface AfterEffect {
  path: Path;
  /**
   * "nil-on-error": nil exactly when the call returns an error (`error`, the
   * caller's variable for it): one arm makes the error non-nil and the path
   * nil, the other the error nil and the path made, so a later
   * `if err != nil` picks its arm. All such effects of one call share the split.
   */
  fact: AfterFact;
  /** The `at` its synthetic assignments (and so their nil origins) carry: tells effects of one call apart. */
  at: number;
  error?: Path;
}

const NIL: Value = { kind: "nil" };
const MADE: Value = { kind: "make", type: { kind: "other", text: "map" }, sized: false };

function setTo(call: Instr, e: AfterEffect, value: Value): Instr {
  return { op: "assign", targets: [e.path], value, define: false, span: call.span, at: e.at, stmt: call.stmt };
}

type Branch = Extract<Block["term"], { kind: "branch" }>;

/** The terminator checks `error` against nil (`if err != nil`, `if err == nil`). */
function checks(term: Block["term"], error: Path): boolean {
  return term.kind === "branch" && term.cond.kind === "nil" && !term.cond.path.truncated && samePath(term.cond.path, error);
}

function samePath(a: Path, b: Path): boolean {
  return a.root.kind === "var" && b.root.kind === "var" && a.root.var === b.root.var && a.selectors.length === 0 && b.selectors.length === 0;
}

/**
 * A call whose results are nil exactly when it returns an error, checked
 * right after it: the arm where it failed (the error non-nil, the results
 * nil) goes straight to the check's error arm, the other to its other arm,
 * so neither arm's facts are joined with the other's before the check.
 */
function splitOnError(cur: Block, call: Instr, effects: readonly AfterEffect[], check: Branch, fresh: (label: string) => Block): void {
  const error = effects[0].error as Path;
  const failed = fresh("summary.error");
  const succeeded = fresh("summary.ok");
  failed.instrs.push(...effects.map((e) => setTo(call, e, NIL)), setTo(call, { ...effects[0], path: error }, MADE));
  succeeded.instrs.push(...effects.map((e) => setTo(call, e, MADE)), setTo(call, { ...effects[0], path: error }, NIL));
  const cond = check.cond as Extract<Branch["cond"], { kind: "nil" }>;
  // `err != nil` (negated) takes its then arm on error; `err == nil` its else arm.
  failed.term = { kind: "jump", to: cond.negated ? check.then : check.else };
  succeeded.term = { kind: "jump", to: cond.negated ? check.else : check.then };
  cur.term = { kind: "branch", cond: { kind: "opaque", text: "summary" }, then: failed.id, else: succeeded.id, span: call.span };
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
    let routed = false;
    original.instrs.forEach((instr, k) => {
      cur.instrs.push(instr);
      const effects = after.get(instr) ?? [];
      const last = k === original.instrs.length - 1;
      const onError = effects.filter((e) => e.fact === "nil-on-error" && e.error && last && checks(original.term, e.error));
      for (const e of effects) {
        if (onError.includes(e)) continue;
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
          // Maybe nil, or nil on error with no check of the error right after the call: the two arms join here.
          nilArm.instrs.push(setTo(instr, e, NIL));
          nilArm.term = { kind: "jump", to: next.id };
        }
        madeArm.term = { kind: "jump", to: next.id };
        cur.term = { kind: "branch", cond: { kind: "opaque", text: "summary" }, then: nilArm.id, else: madeArm.id, span: instr.span };
        cur = next;
      }
      if (onError.length > 0) {
        routed = true;
        splitOnError(cur, instr, onError, original.term as Branch, fresh);
      }
    });
    if (!routed) cur.term = original.term;
  }
  return { ...fn, blocks };
}
