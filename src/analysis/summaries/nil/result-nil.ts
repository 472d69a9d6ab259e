// Whether each map result of a function, and each map field of a struct
// result, is nil on every return, on some, or on none: the facts of the
// returned values at each `return`, joined. `return &T{}` leaves T.m nil
// (omitted), `return nil, err` makes the result maybe-nil with that return
// as origin, and a callee's nil result travels through `return get()`.
import type { Instr, IrFunction, Path, Selector, Span, TypeRef, Value } from "../../lower/ir.js";
import { joinNil, NON_NIL, type NilFact, type NilOrigin, type NilOriginKind, UNKNOWN } from "../../flow/nil-facts.js";
import { isPath, valueAt } from "../../flow/nil-values.js";
import { decodedOrigin } from "./decoded-fields.js";
import { mapFieldsOf } from "./map-fields.js";
import type { ResultNil, ResultNilKind, SummaryOrigin } from "./nil-summary-types.js";
import { type NilContext, summarisedNilness, type SummarisedNilness, type SummaryPart } from "./summarised-nilness.js";

type ReturnInstr = Extract<Instr, { op: "return" }>;

/** A result (or a map field below it) a summary reports on. */
interface Slot {
  index: number;
  fields: readonly string[];
}

export function resultSlots(ctx: NilContext, fn: IrFunction): Slot[] {
  const slots: Slot[] = [];
  fn.results.forEach((varId, index) => {
    const type: TypeRef | null = fn.vars[varId]?.type ?? null;
    if (ctx.semantic.isMapType(type)) slots.push({ index, fields: [] });
    for (const f of mapFieldsOf(ctx.semantic, type, true)) slots.push({ index, fields: f.path });
  });
  return slots;
}

export function resultNilOf(ctx: NilContext, fn: IrFunction): SummaryPart<ResultNil[]> {
  const slots = resultSlots(ctx, fn);
  if (slots.length === 0) return { track: [], read: () => [] };
  const returns = returnsOf(fn);
  // No return says anything (a body not lowered, one that never returns): every slot is unknown, with no flow run to tell.
  if (returns.length === 0) return { track: [], read: () => slots.map((s) => ({ index: s.index, fieldPath: s.fields, kind: "unknown", origins: [], nilWhenParamNil: [] })) };
  const track = returns.flatMap((r) => slots.flatMap((s) => trackedFor(fn, r, s)));
  return {
    track,
    read: (shared) => {
      const run = shared ?? summarisedNilness(ctx, fn, { track });
      const out: ResultNil[] = [];
      for (const slot of slots) {
        const decoded: SummaryOrigin[] = [];
        const fact = slotFact(fn, run, returns, slot, (path) => decodedOrigin(ctx.decodedFields(), ctx.semantic, fn, path), decoded);
        const kind = kindOf(fact);
        const nilWhenParamNil = kind === "maybe" && decoded.length === 0 ? conditionalOn(ctx, fn, returns, slot, track) : [];
        const split = kind === "maybe" ? byError(fn, run, returns, slot) : null;
        const origins = [...explainWithErrors(fn, run, returns, fact.origins, split?.errorOnly), ...decoded];
        const onError = split?.onError === true && decoded.length === 0 && nilWhenParamNil.length === 0;
        out.push({ index: slot.index, fieldPath: slot.fields, kind, origins, nilWhenParamNil, ...(onError ? { onError } : {}) });
      }
      return out;
    },
  };
}

function returnsOf(fn: IrFunction): ReturnInstr[] {
  return fn.blocks.flatMap((b) => b.instrs.filter((x): x is ReturnInstr => x.op === "return"));
}

/** The value `return` hands out at result `index`; a bare return hands out the named result. */
function returnedValue(fn: IrFunction, r: ReturnInstr, index: number): Value | null {
  if (r.values.length === 0) {
    const v = fn.results[index];
    return v === undefined ? null : { kind: "path", path: { root: { kind: "var", var: v }, selectors: [] } };
  }
  if (r.values.length === fn.results.length) return r.values[index];
  // `return f()` for several results: lowering keeps the call's first result only (in a temp the call's effects describe).
  return r.values.length === 1 && index === 0 ? r.values[0] : null;
}

const fieldSelectors = (fields: readonly string[]): Selector[] => fields.map((name) => ({ kind: "field", name }));

/** The value's fact at the slot, or the path whose fact it is. */
function sourceAt(fn: IrFunction, r: ReturnInstr, slot: Slot): NilFact | Path {
  const value = returnedValue(fn, r, slot.index);
  if (!value) return UNKNOWN;
  const made = new Map<NilOriginKind, NilOrigin>();
  // Origins of literals, `new` and `nil` in the return itself point at the return.
  return valueAt(value, fieldSelectors(slot.fields), (kind) => {
    let o = made.get(kind);
    if (!o) made.set(kind, (o = { kind, span: r.stmt, at: r.at, id: -1_000_000 - r.at }));
    return o;
  });
}

function trackedFor(fn: IrFunction, r: ReturnInstr, slot: Slot): Path[] {
  const s = sourceAt(fn, r, slot);
  return isPath(s) ? [s] : [];
}

/**
 * The slot's facts over every return, joined. With `decodedAt`, a returned map field only a
 * decoder fills that the function knows nothing of (`return meta.Labels`) is maybe nil, its decode in `decoded`.
 */
function slotFact(
  fn: IrFunction,
  run: SummarisedNilness,
  returns: readonly ReturnInstr[],
  slot: Slot,
  decodedAt?: (path: Path) => SummaryOrigin | null,
  decoded?: SummaryOrigin[],
): NilFact {
  let joined: NilFact | null = null;
  for (const r of returns) {
    const s = sourceAt(fn, r, slot);
    // null: this return cannot be reached (asking about any path tells).
    let fact = isPath(s) ? run.before(r, s) : run.before(r, ANY_PATH) && s;
    if (fact?.kind === "unknown" && isPath(s) && decodedAt && decoded) {
      const origin = decodedAt(s);
      if (origin) {
        if (!decoded.includes(origin)) decoded.push(origin);
        fact = MAYBE_DECODED;
      }
    }
    if (!fact) continue;
    joined = joined ? joinNil(joined, fact) : fact;
  }
  return joined ?? UNKNOWN;
}

const MAYBE_DECODED: NilFact = { kind: "maybe-nil", origins: [] };

const ANY_PATH: Path = { root: { kind: "package", name: "_" }, selectors: [] };

function kindOf(fact: NilFact): ResultNilKind {
  return fact.kind === "nil" ? "always" : fact.kind === "non-nil" ? "never" : fact.kind === "maybe-nil" ? "maybe" : "unknown";
}

/** Parameters that, non-nil on entry, make the slot never nil: the result is nil only when they are. */
/** The index nilWhenParamNil gives the receiver. */
export const RECEIVER = -1;

function conditionalOn(ctx: NilContext, fn: IrFunction, returns: readonly ReturnInstr[], slot: Slot, track: readonly Path[]): number[] {
  const out: number[] = [];
  for (const v of fn.vars) {
    const varId = v.id;
    // The receiver counts as parameter -1: `func (m Labels) Clone() Labels { if m == nil { return nil } ... }`.
    const index = v.kind === "receiver" ? RECEIVER : v.kind === "param" ? v.index : undefined;
    if (index === undefined || !nilable(ctx, v.type)) continue;
    const path: Path = { root: { kind: "var", var: varId }, selectors: [] };
    const run = summarisedNilness(ctx, fn, { track, entry: [{ path, fact: NON_NIL }] });
    if (slotFact(fn, run, returns, slot).kind === "non-nil") out.push(index);
  }
  return out;
}

/**
 * Summary origins, marking a nil handed out next to an error (`return nil, err`, or `r := &T{}` returned
 * with an error before `r.m` is made): callers usually check the error first.
 */
function explainWithErrors(
  fn: IrFunction,
  run: SummarisedNilness,
  returns: readonly ReturnInstr[],
  origins: readonly NilOrigin[],
  errorOnly?: ReadonlySet<NilOrigin>,
): SummaryOrigin[] {
  const errorReturns = new Set<Span>(returns.filter((r) => returnsError(fn, r)).map((r) => r.stmt));
  return run.explain(origins).map((o, i) => (errorReturns.has(o.span) || errorOnly?.has(origins[i]) ? { ...o, withError: true } : o));
}

/**
 * The slot over the returns that hand out an error and over the others: the origins that reach only
 * the former, and whether it is nil on every error return and non-nil on every other (`onError`).
 */
function byError(fn: IrFunction, run: SummarisedNilness, returns: readonly ReturnInstr[], slot: Slot): { errorOnly: Set<NilOrigin>; onError: boolean } | null {
  const failing = returns.filter((r) => returnsError(fn, r));
  if (failing.length === 0 || failing.length === returns.length) return null;
  const onFailure = slotFact(fn, run, failing, slot);
  const onSuccess = slotFact(fn, run, returns.filter((r) => !failing.includes(r)), slot);
  const ok = new Set(onSuccess.origins);
  return { errorOnly: new Set(onFailure.origins.filter((o) => !ok.has(o))), onError: onFailure.kind === "nil" && onSuccess.kind === "non-nil" };
}

function returnsError(fn: IrFunction, r: ReturnInstr): boolean {
  const last = fn.results.length - 1;
  if (last < 1 || fn.vars[fn.results[last]]?.type?.text !== "error") return false;
  const v = returnedValue(fn, r, last);
  return v !== null && v.kind !== "nil";
}

/** Only a parameter that can be nil can make a result nil. */
function nilable(ctx: NilContext, type: TypeRef | null): boolean {
  if (!type) return false;
  const u = ctx.semantic.types.underlying(type);
  return ctx.semantic.isMapType(type) || u.kind === "pointer";
}
