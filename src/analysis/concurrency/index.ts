// The concurrency layer's public face: build once per package, then query.
export { buildConcurrency } from "./build-concurrency.js";
export type { Concurrency, ContextKind, ExecutionContext, InstrSite, ParallelAnswer, SpawnSite } from "./context-types.js";
