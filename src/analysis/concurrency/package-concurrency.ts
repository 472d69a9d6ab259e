// The query side of the layer: reachability per context (cached), the
// contexts of a function, and whether two instructions may run at once.
import type { PackageIr } from "../lower/ir.js";
import type { SemanticModel } from "../semantic/semantic-model.js";
import type { Concurrency, ExecutionContext, InstrSite, ParallelAnswer } from "./context-types.js";
import type { ConcurrencyQueries } from "./queries.js";
import { reachableFrom } from "./reach.js";
import { overlap, whyParallel } from "./parallel.js";
import { spawnerSide, type SpawnerSide } from "./spawner-side.js";
import type { Spawned } from "./spawn-contexts.js";

export class PackageConcurrency implements Concurrency, ConcurrencyQueries {
  private readonly reach = new Map<number, ReadonlySet<number>>();
  private readonly sides = new Map<number, SpawnerSide>();
  private byFn: ExecutionContext[][] | null = null;

  constructor(
    readonly ir: PackageIr,
    readonly semantic: SemanticModel,
    readonly contexts: readonly ExecutionContext[],
    private readonly spawned: ReadonlyMap<number, Spawned>,
    private readonly succ: readonly (readonly number[])[],
  ) {}

  reachable(contextId: number): ReadonlySet<number> {
    let set = this.reach.get(contextId);
    if (!set) {
      set = reachableFrom(this.contexts[contextId]?.roots ?? [], this.succ);
      this.reach.set(contextId, set);
    }
    return set;
  }

  contextsOf(fnId: number): readonly ExecutionContext[] {
    if (!this.byFn) {
      const byFn: ExecutionContext[][] = Array.from({ length: this.ir.functions.length }, () => []);
      for (const c of this.contexts) for (const fn of this.reachable(c.id)) byFn[fn]?.push(c);
      this.byFn = byFn;
    }
    return this.byFn[fnId] ?? [];
  }

  /** The spawner's side of a context started by an instruction; null for handlers and concurrent methods. */
  spawnerSide(contextId: number): SpawnerSide | null {
    const s = this.spawned.get(contextId);
    if (!s) return null;
    let side = this.sides.get(contextId);
    if (!side) {
      side = spawnerSide(this.ir, this.semantic, s, this.succ);
      this.sides.set(contextId, side);
    }
    return side;
  }

  mayRunInParallel(a: InstrSite, b: InstrSite): ParallelAnswer {
    return whyParallel(this, a, b);
  }

  contextsOverlap(a: number, b: number): boolean {
    const ca = this.contexts[a];
    const cb = this.contexts[b];
    if (!ca || !cb) return false;
    return a === b ? ca.selfConcurrent : overlap(this, ca, cb);
  }
}
