// Which map fields a function makes non-nil on what its caller holds: the
// receiver and pointer parameters at every normal exit (`c.m = make(...)`,
// lazy init, a callee that initialises them), and the fields of struct
// results (`return &T{m: make(...)}`). A value receiver or parameter is a
// copy: what the function does to it is lost on return.
import type { IrFunction, Path, TypeRef } from "../../lower/ir.js";
import { joinNil, type NilFact } from "../../flow/nil-facts.js";
import { type MapField, mapFieldsOf } from "./map-fields.js";
import type { FieldInit, ResultNil, SummaryRoot } from "./nil-summary-types.js";
import type { NilContext, SummarisedNilness, SummaryPart } from "./summarised-nilness.js";

interface Holder {
  root: SummaryRoot;
  varId: number;
  type: TypeRef;
}

function pointerHolders(ctx: NilContext, fn: IrFunction): Holder[] {
  const out: Holder[] = [];
  for (const v of fn.vars) {
    const varId = v.id;
    if (!v.type) continue;
    const isPointer = ctx.semantic.types.underlying(v.type).kind === "pointer";
    if (v.kind === "receiver" && (fn.receiver?.pointer ?? isPointer)) out.push({ root: { kind: "receiver" }, varId, type: v.type });
    else if (v.kind === "param" && v.index !== undefined && isPointer) out.push({ root: { kind: "param", index: v.index }, varId, type: v.type });
  }
  return out;
}

/** The map fields of the receiver and pointer parameters, at the function's normal exits. */
export function fieldInitsOf(ctx: NilContext, fn: IrFunction): SummaryPart<FieldInit[]> {
  const holders = pointerHolders(ctx, fn).flatMap((h) => mapFieldsOf(ctx.semantic, h.type).map((f) => ({ h, f })));
  const paths: Path[] = holders.map(({ h, f }) => ({ root: { kind: "var", var: h.varId }, selectors: f.path.map((name) => ({ kind: "field", name })) }));
  return { track: paths, read: (run) => (run ? exitStates(holders, paths, run) : []) };
}

function exitStates(holders: readonly { h: Holder; f: MapField }[], paths: readonly Path[], run: SummarisedNilness): FieldInit[] {
  const out: FieldInit[] = [];
  holders.forEach(({ h, f }, i) => {
    let joined: NilFact | null = null;
    // Normal exits: a block ending in `return` (after its return instruction, if any).
    run.fn.blocks.forEach((b) => {
      if (b.term.kind !== "return") return;
      const fact = run.nilness.beforeAt(b.id, b.instrs.length, paths[i]);
      if (fact) joined = joined ? joinNil(joined, fact) : fact;
    });
    const fact = joined as NilFact | null;
    if (!fact || fact.kind === "unknown") return;
    const state = fact.kind === "non-nil" ? "initialises" : "leaves-nil";
    out.push({ type: f.owner, fieldPath: f.path, on: h.root, state, origins: run.explain(fact.origins) });
  });
  return out;
}

/** The map fields of struct results, as the function's results (resultNilOf) say. */
export function resultFieldInits(ctx: NilContext, fn: IrFunction, results: readonly ResultNil[]): FieldInit[] {
  const out: FieldInit[] = [];
  for (const r of results) {
    if (r.fieldPath.length === 0 || r.kind === "unknown") continue;
    const owner = mapFieldsOf(ctx.semantic, fn.vars[fn.results[r.index]]?.type ?? null).find((f) => f.path.join(".") === r.fieldPath.join("."))?.owner;
    if (!owner) continue;
    out.push({ type: owner, fieldPath: r.fieldPath, on: { kind: "result", index: r.index }, state: r.kind === "never" ? "initialises" : "leaves-nil", origins: r.origins });
  }
  return out;
}
