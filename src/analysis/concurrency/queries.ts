// What the parallelism questions need of a package's concurrency, as an
// interface, so the question code does not depend on the class answering them.
import type { PackageIr } from "../lower/ir.js";
import type { SemanticModel } from "../semantic/semantic-model.js";
import type { ExecutionContext } from "./context-types.js";
import type { SpawnerSide } from "./spawner-side.js";

export interface ConcurrencyQueries {
  readonly ir: PackageIr;
  readonly semantic: SemanticModel;
  reachable(contextId: number): ReadonlySet<number>;
  contextsOf(fnId: number): readonly ExecutionContext[];
  spawnerSide(contextId: number): SpawnerSide | null;
}
