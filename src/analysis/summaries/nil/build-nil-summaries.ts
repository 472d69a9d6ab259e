// Nil summaries of a package's functions, bottom-up over the call graph's
// strongly connected components (callees first), so every call reads its
// callees' finished summaries: every component in order, or (for the rules)
// only those demand.ts asks for, each after the components it reads and
// reading only what it would have read in order. Inside a cycle the members
// start with nothing known and are recomputed until no summary changes, at
// most MAX_ROUNDS times each (settle-component.ts): what is still moving
// then is what the last recomputation said.
import type { IrFunction, PackageIr } from "../../lower/ir.js";
import type { SemanticModel } from "../../semantic/semantic-model.js";
import { fieldInitsOf, resultFieldInits } from "./field-init.js";
import type { FieldInit, FunctionNilSummary, NilWrite, Requirement, ResultNil, Violation } from "./nil-summary-types.js";
import { requirementsOf } from "./requirements.js";
import { resultNilOf } from "./result-nil.js";
import { touchedBy } from "./touched-paths.js";
import { type NilContext, nilContext, summarisedNilness } from "./summarised-nilness.js";
import { componentsToBuild, LARGE_COMPONENT, settleComponent } from "../settle-component.js";
import { summariseNilDemand } from "./demand.js";

const MAX_ROUNDS = 4;
/**
 * A large cycle (settle-component.ts) gets one pass. A type checker's walk
 * moved a touched path one call at a time around the cycle and cost about
 * half the package's summary time; a member whose callee in the cycle is
 * not summarised yet reads it as an unknown callee, which the flow treats
 * cautiously (the call may change anything it is handed, it returns nothing
 * known), so a shorter settle only finds less.
 */
const LARGE_COMPONENT_ROUNDS = 1;

const NOTHING_TOUCHED = { all: false, paths: [] } as const;

export interface NilPackage {
  ir: PackageIr;
  semantic: SemanticModel;
}

export class NilSummaries {
  constructor(
    readonly ctx: NilContext,
    private readonly byFn: ReadonlyMap<number, FunctionNilSummary>,
    /** Components whose fixpoint did not settle within MAX_ROUNDS. */
    readonly unsettled: readonly (readonly number[])[],
  ) {}

  summary(fnId: number): FunctionNilSummary | undefined {
    return this.byFn.get(fnId);
  }

  /** Nil-ness of result `index` (or of the map field at `fieldPath` below it); null when the result holds no map. */
  resultNil(fnId: number, index: number, fieldPath: readonly string[] = []): ResultNil | null {
    const key = fieldPath.join(".");
    return this.byFn.get(fnId)?.results.find((r) => r.index === index && r.fieldPath.join(".") === key) ?? null;
  }

  initialises(fnId: number): readonly FieldInit[] {
    return (this.byFn.get(fnId)?.inits ?? []).filter((i) => i.state === "initialises");
  }

  /** Fields the function may leave nil on what it hands back or was handed. */
  leavesNil(fnId: number): readonly FieldInit[] {
    return (this.byFn.get(fnId)?.inits ?? []).filter((i) => i.state === "leaves-nil");
  }

  requiresNonNil(fnId: number): readonly Requirement[] {
    return this.byFn.get(fnId)?.requires ?? [];
  }

  violations(fnId: number): readonly Violation[] {
    return this.byFn.get(fnId)?.violations ?? [];
  }

  /** The function's own writes to a nil or maybe-nil map. */
  nilWrites(fnId: number): readonly NilWrite[] {
    return this.byFn.get(fnId)?.nilWrites ?? [];
  }
}

export interface NilSummaryOptions {
  /** Only what the nil rules can use (demand.ts), built on demand; default every function, in order. */
  demanded?: boolean;
}

export function buildNilSummaries(pkg: NilPackage, options: NilSummaryOptions = {}): NilSummaries {
  const byFn = new Map<number, FunctionNilSummary>();
  const components = pkg.semantic.callGraph.stronglyConnectedComponents();
  const componentOf = new Int32Array(pkg.ir.functions.length).fill(-1);
  components.forEach((c, i) => c.forEach((id) => (componentOf[id] = i)));
  /**
   * The component being summarised. A function reads the summaries of the components before its own (and of its
   * own): what it would have read had every component been done in order, whatever the demand built first.
   */
  let current = -1;
  const ctx = nilContext(pkg, (id) => (componentOf[id] <= current ? byFn.get(id) : undefined));
  const unsettled: number[][] = [];
  const selfCalling = selfCallers(pkg);
  const done = new Uint8Array(components.length);

  const summariseComponent = (index: number): void => {
    current = index;
    done[index] = 1;
    const component = components[index];
    const members = component.map((id) => pkg.ir.functions[id]).filter((f): f is IrFunction => f !== undefined);
    if (component.length === 1 && !selfCalling.has(component[0])) {
      for (const fn of members) byFn.set(fn.id, summarise(ctx, fn.id));
      return;
    }
    const recompute = (fn: IrFunction): boolean => {
      const next = summarise(ctx, fn.id);
      const changed = !sameSummary(byFn.get(fn.id), next);
      byFn.set(fn.id, next);
      return changed;
    };
    if (!settleComponent(pkg, members, recompute, members.length > LARGE_COMPONENT ? LARGE_COMPONENT_ROUNDS : MAX_ROUNDS)) unsettled.push(component);
  };

  // A function's summary and the components it reads, callees first; the functions newly summarised.
  const ensure = (fnId: number): number[] => {
    const out: number[] = [];
    for (const c of componentsToBuild(pkg, fnId, components, componentOf, done)) {
      summariseComponent(c);
      for (const id of components[c]) out.push(id);
    }
    return out;
  };

  if (options.demanded) summariseNilDemand(pkg, ensure, (id) => (byFn.get(id)?.requires.length ?? 0) > 0);
  else for (let i = 0; i < components.length; i++) if (!done[i]) summariseComponent(i);
  current = components.length;
  return new NilSummaries(ctx, byFn, unsettled);
}

function summarise(ctx: NilContext, id: number): FunctionNilSummary {
  const fn = ctx.ir.functions[id];
  const resultPart = resultNilOf(ctx, fn);
  // A function without instructions (most often a body not lowered) makes, writes, requires and touches nothing.
  if (fn.blocks.every((b) => b.instrs.length === 0)) {
    return { fn: id, results: resultPart.read(null), inits: [], requires: [], violations: [], nilWrites: [], touches: NOTHING_TOUCHED };
  }
  const initPart = fieldInitsOf(ctx, fn);
  const requirementPart = requirementsOf(ctx, fn);
  // One flow run serves the three parts (see SummaryPart): most of a summary's cost is the run itself.
  const track = [...resultPart.track, ...initPart.track, ...requirementPart.track];
  const run = track.length > 0 ? summarisedNilness(ctx, fn, { track }) : null;
  const results = resultPart.read(run);
  const inits = [...initPart.read(run), ...resultFieldInits(ctx, fn, results)];
  const { requires, violations, nilWrites } = requirementPart.read(run);
  const touches = touchedBy(fn, ctx.semantic, ctx.summaryOf);
  return { fn: id, results, inits, requires, violations, nilWrites, touches };
}

/** Functions with a call of themselves, in one pass over the call sites (not one pass per component). */
function selfCallers(pkg: NilPackage): Set<number> {
  const out = new Set<number>();
  for (const s of pkg.semantic.callGraph.sites) if (s.targets.some((t) => t.fn === s.fn)) out.add(s.fn);
  return out;
}

/** What a caller reads of a summary: kinds, paths and states, not origins (which only grow in detail). */
function sameSummary(a: FunctionNilSummary | undefined, b: FunctionNilSummary): boolean {
  if (!a) return false;
  const shape = (s: FunctionNilSummary): string =>
    JSON.stringify([
      s.results.map((r) => [r.index, r.fieldPath, r.kind, r.nilWhenParamNil, r.onError === true]),
      s.inits.map((i) => [i.type, i.fieldPath, i.on, i.state]),
      s.requires.map((r) => r.path),
      // The same touched paths found in another order are the same summary.
      [s.touches.all, s.touches.paths.map((t) => JSON.stringify(t)).sort()],
    ]);
  return shape(a) === shape(b);
}
