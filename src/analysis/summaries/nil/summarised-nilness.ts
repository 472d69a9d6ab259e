// Flow nilness of one function with its callees' summaries plugged in (by
// instantiate-calls.ts), and the way back from a fact's origins to
// summary origins a caller or a finding can show. Conditional results
// (`clone(m)` is nil only for a nil m) need the arguments' facts, which
// only a run of the analysis gives: a first run without them, a second
// with the first run's argument facts, when some callee needs them.
import type { Instr, IrFunction, PackageIr, Path } from "../../lower/ir.js";
import { type Canonical, canonicalFunction } from "../../flow/canonical-function.js";
import { closureAssignedVars } from "../../flow/closure-writes.js";
import { nilness, type NilFact, type Nilness, type NilOrigin } from "../../flow/nilness.js";
import type { SemanticModel } from "../../semantic/semantic-model.js";
import { type ArgFact, calleeEffects, type CalleeEffects } from "./callee-effects.js";
import { callKills } from "./call-kills.js";
import { canonicalPaths } from "./canonical-paths.js";
import { type DecodedFields, decodedOnlyFields, decodedOrigin } from "./decoded-fields.js";
import { instantiateCalls } from "./instantiate-calls.js";
import { type StoredElements, storedNilElements } from "./stored-elements.js";
import type { FunctionNilSummary, SummaryOrigin } from "./nil-summary-types.js";

/** What every function's analysis of one package shares. */
export interface NilContext {
  ir: PackageIr;
  semantic: SemanticModel;
  summaryOf(fnId: number): FunctionNilSummary | undefined;
  clobbered: Map<number, Set<number>>;
  /** Map fields only a decoder fills (decoded-fields.ts), computed on first use. */
  decodedFields(): DecodedFields;
  /** Collections some store fills with elements lacking a map field (stored-elements.ts), computed on first use. */
  storedElements(): StoredElements;
  /** The one spelling of each place the flow uses in a function (canonical-paths.ts); null: paths are canonical as written. */
  canonical(fn: IrFunction): Canonical | null;
}

export function nilContext(pkg: { ir: PackageIr; semantic: SemanticModel }, summaryOf: (fnId: number) => FunctionNilSummary | undefined): NilContext {
  let decoded: DecodedFields | undefined;
  let stored: StoredElements | undefined;
  const canonicals = new Map<number, Canonical | null>();
  return {
    ir: pkg.ir,
    semantic: pkg.semantic,
    summaryOf,
    clobbered: closureAssignedVars(pkg.ir),
    decodedFields: () => (decoded ??= decodedOnlyFields(pkg.ir.functions, pkg.semantic)),
    storedElements: () => (stored ??= storedNilElements(pkg.ir.functions, pkg.semantic)),
    canonical: (fn) => {
      let c = canonicals.get(fn.id);
      if (c === undefined) canonicals.set(fn.id, (c = canonicalPaths(pkg.semantic, fn)));
      return c;
    },
  };
}

export interface SummarisedNilness {
  /** The function as analysed: the original with synthetic effects after summarised calls. */
  fn: IrFunction;
  nilness: Nilness;
  /** The fact of `path` just before an instruction of the original function. */
  before(instr: Instr, path: Path): NilFact | null;
  explain(origins: readonly NilOrigin[]): SummaryOrigin[];
}

/**
 * One part of a function's summary: the paths it needs followed, and how it
 * reads them off the function's one run (null when no part needs a path).
 * The flow's fact for a path does not depend on which other paths are
 * followed (the paths it is copied from are followed with it), so the parts
 * share a single run over the union of their paths.
 */
export interface SummaryPart<T> {
  track: readonly Path[];
  read(run: SummarisedNilness | null): T;
}

export interface RunOptions {
  track?: readonly Path[];
  entry?: readonly { path: Path; fact: NilFact }[];
}

const FOLLOW_NO_OTHER = (): boolean => false;

export function summarisedNilness(ctx: NilContext, original: IrFunction, options: RunOptions = {}): SummarisedNilness {
  // Argument facts matter only to a second run for callees whose results hang on their arguments.
  const secondRun = needsArguments(original, ctx);
  const argPaths = secondRun ? callArgPaths(original) : new Map<string, Path>();
  const track = [...(options.track ?? []), ...argPaths.values()];
  const canon = ctx.canonical(original);
  // Most functions spell every path canonically already: they run without the rewriting.
  const spelled = canon !== null && (!canonicalFunction(original, canon).same || track.some((p) => canon(p) !== p));
  const run = (effects: CalleeEffects): { fn: IrFunction; nilness: Nilness } => {
    const fn = instantiateCalls(original, effects.after);
    const clobberedByCalls = ctx.clobbered.get(original.id);
    // The errors whose checks pick the arm of a result nil exactly on error: followed, so the checks refine them.
    const errors: Path[] = [];
    let effectsSpelled = false;
    for (const list of effects.after.values())
      for (const e of list) {
        if (e.error) errors.push(e.error);
        if (canon && !spelled && !effectsSpelled) effectsSpelled = canon(e.path) !== e.path || (e.error !== undefined && canon(e.error) !== e.error);
      }
    const canonical = canon !== null && (spelled || effectsSpelled) ? canon : undefined;
    const followed = errors.length === 0 ? track : [...track, ...errors];
    const callEffect = callKills(original, ctx.semantic, ctx.summaryOf, clobberedByCalls, followed, canonical);
    // Only the paths asked about (and those their facts are copied from): the parts read nothing else.
    return { fn, nilness: nilness(fn, { track: followed, select: FOLLOW_NO_OTHER, entry: options.entry, clobberedByCalls, callEffect, canonical }) };
  };
  const stored = ctx.storedElements();
  let effects = calleeEffects(original, ctx.semantic, ctx.summaryOf, undefined, stored);
  let result = run(effects);
  if (secondRun) {
    const first = result.nilness;
    const argFact: ArgFact = (instr, arg) => {
      if (instr.op === "call" && arg >= 0 && instr.call.args[arg]?.kind === "addr") return "non-nil";
      const path = argPaths.get(`${instr.at}:${arg}`);
      const kind = path ? (first.before(instr, path)?.kind ?? "unknown") : "unknown";
      // A map field only a decoder fills is nil when the input lacks it: `clone(x.Labels)` may return nil.
      return kind === "unknown" && path && decodedOrigin(ctx.decodedFields(), ctx.semantic, original, path) ? "maybe-nil" : kind;
    };
    effects = calleeEffects(original, ctx.semantic, ctx.summaryOf, argFact, stored);
    result = run(effects);
  }
  const { fn, nilness: facts } = result;
  return {
    fn,
    nilness: facts,
    before: (instr, path) => facts.before(instr, path),
    explain: (origins) =>
      origins.map((o) => {
        const cause = effects.causes.get(o.at);
        if (!cause) return { kind: o.kind === "call" ? "callee" : o.kind, file: original.path, span: o.span };
        if (cause.kind === "decode") return { kind: "decode", file: original.path, span: o.span };
        if (cause.kind === "stored") return { kind: "stored", file: original.path, span: o.span, callee: { fn: cause.fn, name: cause.name, origins: cause.origins } };
        return { kind: "callee", file: original.path, span: o.span, callee: { fn: cause.fn, name: cause.name, origins: cause.origins } };
      }),
  };
}

/** Argument paths of every call, by `${at}:${index}`: `&y` is y, whose fields a callee reaches. */
function callArgPaths(fn: IrFunction): Map<string, Path> {
  const out = new Map<string, Path>();
  for (const b of fn.blocks)
    for (const x of b.instrs) {
      if (x.op !== "call") continue;
      // The receiver of a method call is argument -1 (RECEIVER in result-nil.ts).
      const c = x.call.callee;
      if (c.kind === "method" && !c.recv.truncated) out.set(`${x.at}:-1`, c.recv);
      x.call.args.forEach((a, i) => {
        if ((a.kind === "path" || a.kind === "addr") && !a.path.truncated) out.set(`${x.at}:${i}`, a.path);
      });
    }
  return out;
}

function needsArguments(fn: IrFunction, ctx: NilContext): boolean {
  return fn.blocks.some((b, bi) =>
    b.instrs.some(
      (x, i) =>
        x.op === "call" &&
        ctx.semantic.callGraph.callees(fn.id, { block: bi, index: i }).some((t) => ctx.summaryOf(t)?.results.some((r) => r.nilWhenParamNil.length > 0)),
    ),
  );
}
