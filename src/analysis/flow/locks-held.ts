// Which mutexes are held before each instruction, forward over the control-
// flow graph, replacing the "straight-line within a block" lock regions: a
// lock taken before an if/else and released in both arms is held in both; one
// released in one arm only is not held after them; `defer mu.Unlock()` keeps
// it held to the end of the function. Per function it also tells the locks a
// function returns holding (a lockAndGet helper) and the ones it releases
// without taking them (an unlock helper), for summaries.
import type { Instr, IrFunction, Path } from "../lower/ir.js";
import { cfgOf, isReachable } from "./cfg.js";
import { compareHeld, type HeldMutex, joinLocks, type LockFact, type LockMode, NO_LOCKS, sameLocks } from "./lock-facts.js";
import { compileLocks, type LockHooks, type LockOp } from "./lock-ops.js";
import { pathKey } from "./path-key.js";
import { type Analysis, solveForward } from "./solver.js";

export type { CallLocks, LockHooks } from "./lock-ops.js";
export type { HeldMutex, LockMode } from "./lock-facts.js";

export interface LocksOptions extends LockHooks {
  /** Locks held when the function starts: what its callers hold ("must be called with c.mu held"). */
  entry?: readonly { mutex: Path; mode: LockMode }[];
  maxVisits?: number;
}

export interface Release {
  key: string;
  mutex: Path;
  mode: LockMode;
  /** The unlock, or the `defer` that releases it at return. */
  instr: Instr;
}

export interface LocksHeld {
  /** False when the solver hit its cap: the facts are not a fixpoint and may claim locks that are not held. */
  converged: boolean;
  /** Mutexes held on every path to `instr`, sorted by key; null when `instr` cannot be reached. */
  before(instr: Instr): readonly HeldMutex[] | null;
  beforeAt(block: number, index: number): readonly HeldMutex[] | null;
  /** Whether a `defer` releases `key` at return on some path to `instr` (the lock is held "until return"). */
  deferredBefore(instr: Instr, key: string): boolean;
  /** Held at every normal return and not released by a `defer`: the function returns holding them. */
  heldAtExit: readonly HeldMutex[];
  /** Unlocks (and deferred unlocks) of mutexes held on no path to them: the function releases its caller's lock. */
  releasedNotAcquired: readonly Release[];
}

export function locksHeld(fn: IrFunction, options: LocksOptions = {}): LocksHeld {
  const entry = entryFact(options.entry ?? []);
  if (!mayTouchLocks(fn, options)) return lockFree(fn, entry);
  const compiled = compileLocks(fn, options);
  // Calls none of whose callees take or give back a lock, channels that are no semaphore: nothing to solve.
  if (compiled.every((ops) => ops.every((o) => o === null))) return lockFree(fn, entry);
  const analysis: Analysis<LockFact> = {
    boundary: entry,
    join: joinLocks,
    equals: sameLocks,
    transfer: (fact, _instr, block, index) => {
      const ops = compiled[block.id][index];
      return ops ? ops.reduce(apply, fact) : fact;
    },
    maxVisits: options.maxVisits,
  };
  const solution = solveForward(fn, analysis);
  const heldOf = (fact: LockFact | undefined): readonly HeldMutex[] | null => fact?.held ?? null;
  return {
    converged: solution.converged,
    before: (instr) => heldOf(solution.beforeInstr(instr)),
    beforeAt: (block, index) => heldOf(solution.before(block, index)),
    deferredBefore: (instr, key) => solution.beforeInstr(instr)?.deferred.some((d) => d.key === key) ?? false,
    heldAtExit: exitHeld(fn, solution.exit),
    releasedNotAcquired: unpaired(fn, compiled, solution.before, solution.exit),
  };
}

/** Whether some instruction may lock or unlock: most functions have none, and skip the solver. */
function mayTouchLocks(fn: IrFunction, options: LocksOptions): boolean {
  const calls = options.callLocks !== undefined;
  const channels = options.semaphore !== undefined;
  for (const block of fn.blocks) {
    for (const x of block.instrs) {
      if (x.op === "lock" || x.op === "unlock" || x.op === "defer" || (calls && x.op === "call") || (channels && (x.op === "recv" || x.op === "send"))) return true;
    }
  }
  return false;
}

/** Nothing touches a lock: the entry state holds at every reachable point. */
function lockFree(fn: IrFunction, entry: LockFact): LocksHeld {
  let reachable: Set<Instr> | undefined;
  const reached = (instr: Instr): boolean => {
    reachable ??= new Set(Array.from(cfgOf(fn).rpo, (b) => fn.blocks[b].instrs).flat());
    return reachable.has(instr);
  };
  const returns = entry.held.length > 0 && cfgOf(fn).exits.some((b) => fn.blocks[b].term.kind === "return");
  return {
    converged: true,
    before: (instr) => (reached(instr) ? entry.held : null),
    beforeAt: (block) => (isReachable(cfgOf(fn), block) ? entry.held : null),
    deferredBefore: () => false,
    heldAtExit: returns ? entry.held : [],
    releasedNotAcquired: [],
  };
}

function entryFact(entry: readonly { mutex: Path; mode: LockMode }[]): LockFact {
  if (entry.length === 0) return NO_LOCKS;
  const held = entry.map((e) => ({ key: pathKey(e.mutex), mutex: e.mutex, mode: e.mode, lockedAt: null })).sort(compareHeld);
  return { held, may: [...new Set(held.map((h) => h.key))].sort(), deferred: [] };
}

function apply(fact: LockFact, op: LockOp): LockFact {
  switch (op.op) {
    case "acquire": {
      if (fact.held.some((h) => h.key === op.key && h.mode === op.mode)) return fact;
      const held = [...fact.held, { key: op.key, mutex: op.mutex, mode: op.mode, lockedAt: op.instr }].sort(compareHeld);
      const may = fact.may.includes(op.key) ? fact.may : [...fact.may, op.key].sort();
      return { ...fact, held, may };
    }
    case "release": {
      // The hold of the same mode, else any hold of that mutex (Unlock after RLock is a bug, not ours to model).
      let i = fact.held.findIndex((h) => h.key === op.key && h.mode === op.mode);
      if (i < 0) i = fact.held.findIndex((h) => h.key === op.key);
      const held = i < 0 ? fact.held : fact.held.filter((_, k) => k !== i);
      const stillHeld = held.some((h) => h.key === op.key);
      const may = stillHeld || !fact.may.includes(op.key) ? fact.may : fact.may.filter((k) => k !== op.key);
      return held === fact.held && may === fact.may ? fact : { ...fact, held, may };
    }
    case "defer": {
      // The release waits for the return: the lock stays held until then.
      if (fact.deferred.some((d) => d.key === op.release.key)) return fact;
      const deferred = [...fact.deferred, op.release].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
      return { ...fact, deferred };
    }
  }
}

/** The must-join of the facts at the normal returns, less what a defer releases on some path. */
function exitHeld(fn: IrFunction, exit: readonly (LockFact | undefined)[]): readonly HeldMutex[] {
  let joined: LockFact | undefined;
  for (const b of cfgOf(fn).exits) {
    const fact = exit[b];
    if (fn.blocks[b].term.kind !== "return" || fact === undefined) continue;
    joined = joined === undefined ? fact : joinLocks(joined, fact);
  }
  if (!joined) return [];
  const released = new Set(joined.deferred.map((d) => d.key));
  return joined.held.filter((h) => !released.has(h.key));
}

/**
 * Unlocks of a mutex held on no path to them, and deferred releases of a
 * mutex that is held on no path to a return (`defer c.mu.Unlock()` in a
 * function that never locks it).
 */
function unpaired(
  fn: IrFunction,
  compiled: (readonly LockOp[] | null)[][],
  before: (block: number, index: number) => LockFact | undefined,
  exit: readonly (LockFact | undefined)[],
): Release[] {
  const found: Release[] = [];
  compiled.forEach((ops, b) => {
    ops.forEach((list, i) => {
      if (!list?.some((op) => op.op === "release")) return;
      let fact = before(b, i);
      if (fact === undefined) return;
      for (const op of list) {
        if (op.op === "release" && !fact.may.includes(op.key)) found.push({ key: op.key, mutex: op.mutex, mode: op.mode, instr: op.instr });
        fact = apply(fact, op);
      }
    });
  });
  const seen = new Set<Instr>();
  for (const b of cfgOf(fn).exits) {
    const fact = exit[b];
    if (fn.blocks[b].term.kind !== "return" || fact === undefined) continue;
    for (const d of fact.deferred) {
      if (fact.may.includes(d.key) || seen.has(d.at)) continue;
      seen.add(d.at);
      found.push({ key: d.key, mutex: d.mutex, mode: d.mode, instr: d.at });
    }
  }
  return found;
}
