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

/**
 * The map fields of the receiver and pointer parameters, and map
 * out-parameters (`*out = m`), at the function's normal exits.
 */
export function fieldInitsOf(ctx: NilContext, fn: IrFunction): SummaryPart<FieldInit[]> {
  const holders = pointerHolders(ctx, fn).flatMap((h) => mapFieldsOf(ctx.semantic, h.type).map((f) => ({ h, f })));
  const paths: Path[] = holders.map(({ h, f }) => ({ root: { kind: "var", var: h.varId }, selectors: f.path.map((name) => ({ kind: "field", name })) }));
  const outs = outParameters(ctx, fn);
  return {
    track: [...paths, ...outs.paths],
    read: (run) => (run ? [...exitStates(holders, paths, run), ...outParameterStates(outs, run)] : []),
  };
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
    const owner = mapFieldsOf(ctx.semantic, fn.vars[fn.results[r.index]]?.type ?? null, true).find((f) => f.path.join(".") === r.fieldPath.join("."))?.owner;
    if (!owner) continue;
    out.push({ type: owner, fieldPath: r.fieldPath, on: { kind: "result", index: r.index }, state: r.kind === "never" ? "initialises" : "leaves-nil", origins: r.origins });
  }
  return out;
}

interface OutParameters {
  indices: number[];
  paths: Path[];
}

/** Map out-parameters (`out *map[K]V`) of a function that assigns through a pointer somewhere. */
function outParameters(ctx: NilContext, fn: IrFunction): OutParameters {
  const params = fn.vars.filter((v) => {
    if (v.kind !== "param" || v.index === undefined || !v.type) return false;
    const u = ctx.semantic.types.underlying(v.type);
    return u.kind === "pointer" && ctx.semantic.isMapType(u.elem);
  });
  if (params.length === 0 || !fn.blocks.some((b) => b.instrs.some((x) => x.op === "assign" && x.targets.some((t) => t?.selectors.length === 1 && t.selectors[0].kind === "deref"))))
    return { indices: [], paths: [] };
  return {
    indices: params.map((v) => v.index as number),
    paths: params.map((v) => ({ root: { kind: "var", var: v.id }, selectors: [{ kind: "deref" }] })),
  };
}

/**
 * An out-parameter made (`*out = m`) on every normal exit, or on some while
 * the others leave `*out` as the caller handed it.
 */
function outParameterStates(outs: OutParameters, run: SummarisedNilness): FieldInit[] {
  const out: FieldInit[] = [];
  outs.paths.forEach((path, i) => {
    let made = 0;
    let kept = 0;
    let other = 0;
    run.fn.blocks.forEach((b) => {
      if (b.term.kind !== "return") return;
      const fact = run.nilness.beforeAt(b.id, b.instrs.length, path);
      if (!fact) return;
      if (fact.kind === "non-nil") made++;
      else if (fact.kind === "unknown" && fact.entry) kept++;
      else other++;
    });
    if (made === 0 || other > 0) return;
    out.push({ type: "", fieldPath: [], on: { kind: "param", index: outs.indices[i] }, state: kept > 0 ? "kept-or-made" : "initialises", origins: [] });
  });
  return out;
}
