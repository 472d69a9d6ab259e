// What a function does to maps, expressed over its own roots (receiver,
// parameters, package variables) so a caller can substitute its arguments:
// the shape the concurrency layer and the race rules read. Plain data.
import type { LockMode } from "../flow/lock-facts.js";
import type { AccessKind, Path, Span } from "../lower/ir.js";

/** `replace`: the map variable itself is assigned (`c.items = make(...)`, `m = nil`); it races with every access through it. */
export type SummaryAccessKind = AccessKind | "replace";

/** A mutex held, over the summarised function's roots. `key` is the flow layer's pathKey of `mutex`. */
export interface SummaryLock {
  key: string;
  mutex: Path;
  mode: LockMode;
}

/** One call site on the way from the summarised function down to an instruction: the call in function `fn`. */
export interface Hop {
  fn: number;
  /** File path of `fn`. */
  path: string;
  span: Span;
}

/** Where the instruction itself is. */
export interface Origin {
  fn: number;
  path: string;
  span: Span;
  stmt: Span;
}

export interface MapAccess {
  kind: SummaryAccessKind;
  /** The map (never its element), over the summarised function's vars, package names or imports. */
  path: Path;
  /** pathKey(path): compare only within one function's summary. */
  key: string;
  /** The root is a local or temp of the summarised function: no caller can see it. */
  local: boolean;
  /** Made in the summarised function and not shared there: cannot race. */
  owned: boolean;
  /** Held at the access, the caller's locks at each hop included; sorted by key then mode. */
  locks: readonly SummaryLock[];
  /**
   * Mutexes of the summarised function's callers that are released (by an
   * unlock helper on the way) before the access: a caller holding one of
   * them does not hold it here.
   */
  released: readonly SummaryLock[];
  /** Call sites from the summarised function down to origin's function; empty for a direct access. */
  chain: readonly Hop[];
  origin: Origin;
}

/** A goroutine started here or by a callee: the functions it may run and what they receive, over the summarised function's roots. */
export interface GoStart {
  spawn: "go" | "group" | "timer";
  targets: readonly number[];
  /** What the target's receiver is; null for a function, or when it cannot be expressed here. */
  receiver: Path | null;
  /** Arguments by position, null where one is no path or cannot be expressed here. */
  args: readonly (Path | null)[];
  /** Locks held at the `go`, the caller's at each hop included. */
  locks: readonly SummaryLock[];
  /** Started in a loop of the function that holds the `go`: runs concurrently with itself. */
  inLoop: boolean;
  chain: readonly Hop[];
  origin: Origin;
}

/** A join or a blocking receive. */
export interface WaitPoint {
  kind: "wait" | "recv";
  /** The WaitGroup, group or channel, over the summarised function's roots; null when local to a callee. */
  on: Path | null;
  chain: readonly Hop[];
  origin: Origin;
}

export interface AccessSummary {
  fn: number;
  /** Sorted by where they start in this function (the call site for a callee's), then by the callee's order. */
  accesses: readonly MapAccess[];
  /** Accesses left out past the cap, here or (one for each callee that was cut) below; 0: none. Saturates. */
  cut: number;
  goroutines: readonly GoStart[];
  waits: readonly WaitPoint[];
  /** Locks held at every normal return, taken here (a lockAndGet helper). */
  acquires: readonly SummaryLock[];
  /** Locks released here without being taken here (an unlock helper): the caller's. */
  releases: readonly SummaryLock[];
  /** Vars made here and never shared here (made, filled, maybe returned). */
  ownedVars: readonly number[];
  /** By result position: every return gives a value made here and not shared. */
  freshResults: readonly boolean[];
  /** By result position: the shared memory every return gives (`le.leaseMap[]` for a lookup), over this function's roots; null: none (borrowed.ts). */
  borrowedResults: readonly (Path | null)[];
  /** False when the fixpoint over a cycle of calls stopped at its round cap, or the lock solver at its own. */
  converged: boolean;
}

export interface AccessSummaries {
  summaryOf(fnId: number): AccessSummary;
  readonly summaries: readonly AccessSummary[];
}
