// The vocabulary of the concurrency layer: execution contexts (bodies that may
// run concurrently with other code), where they start, and the query API the
// race rules read. Plain data plus one query object per package.
import type { Span } from "../lower/ir.js";
import type { InstrRef } from "../semantic/call-graph.js";

export type ContextKind = "go" | "handler" | "timer" | "group" | "callback" | "concurrent-methods";

/** Where a context starts: the `go` (or `g.Go`, `time.AfterFunc`, registration) instruction. */
export interface SpawnSite extends InstrRef {
  fn: number;
  span: Span;
}

export interface ExecutionContext {
  id: number;
  kind: ContextKind;
  /** The IrFunctions the context starts in. */
  roots: number[];
  /** The starting instruction; null for handlers found by signature alone and for concurrent methods. */
  spawn: SpawnSite | null;
  /** For a callback: the call that handed it to the function that starts it. */
  via: SpawnSite | null;
  /** Several copies of the context may run at once. */
  selfConcurrent: boolean;
  /** Why the context exists and, when selfConcurrent, why it runs with itself; for messages. */
  why: string;
}

/** One instruction of one function. */
export interface InstrSite {
  fn: number;
  instr: InstrRef;
}

/** The spawner's side of a started context: the parts of functions that run alongside it before a join, and what they call. */
export interface SpawnerCode {
  readonly continuations: readonly { fn: number; contains(ref: InstrRef): boolean }[];
  readonly called: ReadonlySet<number>;
}

export interface ParallelAnswer {
  yes: boolean;
  why: string;
}

export interface Concurrency {
  readonly contexts: readonly ExecutionContext[];
  /** IrFunction ids the context may run: its roots and what they call, transitively (bounded). */
  reachable(contextId: number): ReadonlySet<number>;
  /** The contexts that may run `fnId`. */
  contextsOf(fnId: number): readonly ExecutionContext[];
  /** Whether the two instructions may run at the same time, and the chain that says so. */
  mayRunInParallel(a: InstrSite, b: InstrSite): ParallelAnswer;
  /** Whether two different contexts may be alive at the same time (a context against itself: selfConcurrent). */
  contextsOverlap(a: number, b: number): boolean;
  /** The code of the spawner that runs alongside a started context, until a join; null for handlers and concurrent methods. */
  spawnerSide(contextId: number): SpawnerCode | null;
}
