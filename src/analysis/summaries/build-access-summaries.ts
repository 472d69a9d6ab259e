// Access summaries of a package, bottom-up over the call graph's strongly
// connected components (callees first). Inside a cycle of calls the members
// are recomputed from each other's latest summaries until nothing changes,
// for at most MAX_ROUNDS rounds: a recursive function's accesses through
// itself are the ones it already has, so the second round usually settles.
import type { IrFunction, PackageIr } from "../lower/ir.js";
import type { SemanticModel } from "../semantic/semantic-model.js";
import { summarizeFunction, type SummaryContext } from "./summarize-function.js";
import type { AccessSummaries, AccessSummary } from "./summary-types.js";

export const MAX_ACCESSES = 200;
export const MAX_ROUNDS = 3;

export interface SummaryOptions {
  maxAccesses?: number;
  maxRounds?: number;
}

export function buildAccessSummaries(pkg: { ir: PackageIr; semantic: SemanticModel }, options: SummaryOptions = {}): AccessSummaries {
  const functions = pkg.ir.functions;
  const summaries: (AccessSummary | null)[] = functions.map(() => null);
  const ctx: SummaryContext = {
    semantic: pkg.semantic,
    functions,
    summaryOf: (id) => summaries[id] ?? null,
    maxAccesses: options.maxAccesses ?? MAX_ACCESSES,
  };
  const maxRounds = options.maxRounds ?? MAX_ROUNDS;
  for (const component of pkg.semantic.callGraph.stronglyConnectedComponents()) {
    const members = component.map((id) => functions[id]).filter((f): f is IrFunction => f !== undefined);
    if (members.length === 1 && !callsItself(pkg.semantic, members[0])) {
      summaries[members[0].id] = summarizeFunction(ctx, members[0]);
      continue;
    }
    if (!settleCycle(ctx, members, summaries, maxRounds)) for (const fn of members) summaries[fn.id] = { ...(summaries[fn.id] as AccessSummary), converged: false };
  }
  const all = functions.map((fn, i) => summaries[i] ?? summarizeFunction(ctx, fn));
  return {
    summaries: all,
    summaryOf: (id) => {
      const s = all[id];
      if (!s) throw new Error(`[mapguard] no function ${id} in this package (${all.length} functions)`);
      return s;
    },
  };
}

/**
 * Recomputes a cycle's members from each other's latest summaries until none
 * changes: a worklist, so a change only sends back the members that call the
 * one that changed, within a budget of `maxRounds` passes over the cycle.
 */
function settleCycle(ctx: SummaryContext, members: readonly IrFunction[], summaries: (AccessSummary | null)[], maxRounds: number): boolean {
  const inCycle = new Set(members.map((f) => f.id));
  const queue = members.map((f) => f.id);
  const queued = new Set(queue);
  let budget = maxRounds * members.length;
  while (queue.length > 0) {
    if (budget-- === 0) return false;
    const id = queue.shift() as number;
    queued.delete(id);
    const next = summarizeFunction(ctx, ctx.functions[id]);
    const changed = !sameSummary(summaries[id], next);
    summaries[id] = next;
    if (!changed) continue;
    for (const site of ctx.semantic.callGraph.callersOf(id)) {
      if (inCycle.has(site.fn) && !queued.has(site.fn)) {
        queued.add(site.fn);
        queue.push(site.fn);
      }
    }
  }
  return true;
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
