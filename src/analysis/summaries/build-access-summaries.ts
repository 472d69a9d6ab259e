// Access summaries of a package, bottom-up over the call graph's strongly
// connected components (callees first), built on demand: asking for one
// function's summary builds the components it reaches, and no other (a
// package with two goroutines needs the summaries below them, not its
// thousand other functions'). Inside a cycle of calls the members
// are recomputed from each other's latest summaries until nothing changes,
// at most MAX_ROUNDS times each (settle-component.ts): a recursive
// function's accesses through itself are the ones it already has, so the
// second round usually settles.
import type { IrFunction, PackageIr } from "../lower/ir.js";
import type { SemanticModel } from "../semantic/semantic-model.js";
import { componentsToBuild, LARGE_COMPONENT, settleComponent } from "./settle-component.js";
import { summarizeFunction, type SummaryContext } from "./summarize-function.js";
import type { AccessSummaries, AccessSummary } from "./summary-types.js";

export const MAX_ACCESSES = 200;
export const MAX_ROUNDS = 3;
/**
 * A large cycle (settle-component.ts) gets two. Not one: a callee in the
 * cycle not yet summarised hands its caller no fresh results, so a copy the
 * caller makes of one looks shared (two false race alarms on nats-server).
 * After a first pass every member has a summary to read.
 */
export const LARGE_COMPONENT_ROUNDS = 2;

/** The recomputations each member of a cycle of `members` functions gets. */
export function roundsFor(members: number, maxRounds: number): number {
  return members > LARGE_COMPONENT ? Math.min(maxRounds, LARGE_COMPONENT_ROUNDS) : maxRounds;
}

export interface SummaryOptions {
  maxAccesses?: number;
  maxRounds?: number;
}

export function buildAccessSummaries(pkg: { ir: PackageIr; semantic: SemanticModel }, options: SummaryOptions = {}): AccessSummaries {
  const functions = pkg.ir.functions;
  const { callGraph } = pkg.semantic;
  const summaries: (AccessSummary | null)[] = functions.map(() => null);
  const components = callGraph.stronglyConnectedComponents();
  const componentOf = new Int32Array(functions.length).fill(-1);
  components.forEach((c, i) => c.forEach((id) => (componentOf[id] = i)));
  /** The component being summarised: a function reads what it would have read had every component before it been done. */
  let current = -1;
  const ctx: SummaryContext = {
    semantic: pkg.semantic,
    functions,
    summaryOf: (id) => (componentOf[id] <= current ? (summaries[id] ?? null) : null),
    maxAccesses: options.maxAccesses ?? MAX_ACCESSES,
  };
  const maxRounds = options.maxRounds ?? MAX_ROUNDS;
  const done = new Uint8Array(components.length);

  const summarise = (index: number): void => {
    current = index;
    const members = components[index].map((id) => functions[id]).filter((f): f is IrFunction => f !== undefined);
    const recompute = (fn: IrFunction): boolean => {
      const next = summarizeFunction(ctx, fn);
      const changed = !sameSummary(summaries[fn.id], next);
      summaries[fn.id] = next;
      return changed;
    };
    if (members.length === 1 && !callsItself(pkg.semantic, members[0])) summaries[members[0].id] = summarizeFunction(ctx, members[0]);
    else if (members.length > 0 && !settleComponent(pkg, members, recompute, roundsFor(members.length, maxRounds)))
      for (const fn of members) summaries[fn.id] = { ...(summaries[fn.id] as AccessSummary), converged: false };
    done[index] = 1;
  };

  // Only the functions a rule asks about, and what their summaries read: the components they reach, callees first.
  const ensure = (fnId: number): void => {
    for (const c of componentsToBuild(pkg, fnId, components, componentOf, done)) summarise(c);
  };

  const summaryOf = (id: number): AccessSummary => {
    if (id < 0 || id >= functions.length || !functions[id]) throw new Error(`[mapguard] no function ${id} in this package (${functions.length} functions)`);
    if (!summaries[id]) ensure(id);
    if (!summaries[id]) {
      // In no component of the call graph: read every summary there is.
      current = components.length;
      summaries[id] = summarizeFunction(ctx, functions[id]);
    }
    return summaries[id] as AccessSummary;
  };
  return {
    summaryOf,
    get summaries() {
      return functions.map((_, i) => summaryOf(i));
    },
  };
}

function callsItself(semantic: SemanticModel, fn: IrFunction): boolean {
  return semantic.callGraph.callersOf(fn.id).some((s) => s.fn === fn.id);
}

/** What a caller reads of a summary; chains may differ (a longer way to the same access changes nothing it can use). */
function sameSummary(a: AccessSummary | null, b: AccessSummary): boolean {
  if (!a) return false;
  const facts = (s: AccessSummary): string =>
    [
      s.accesses.map((x) => `${x.kind} ${x.key} ${x.locks.map((l) => l.key + l.mode).join()} ${x.released.map((l) => l.key).join()} ${x.owned}`).join("|"),
      s.cut > 0,
      s.goroutines.length,
      s.waits.length,
      s.acquires.map((l) => l.key + l.mode).join(),
      s.releases.map((l) => l.key + l.mode).join(),
      s.freshResults.join(),
    ].join("#");
  return facts(a) === facts(b);
}
