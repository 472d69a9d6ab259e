// The locks of one function in summary terms. The flow solver answers "held
// here"; a summary also needs what an unlock helper changes for its caller.
// So when a function releases locks it never took, it is solved a second
// time with those locks held at entry: at each instruction, an entry lock
// still held is the caller's (not this function's to claim), and one no
// longer held was released before it — the caller's hold does not cover it.
import { type CallLocks, locksHeld, type HeldMutex, type LocksHeld } from "../flow/locks-held.js";
import { pathKey } from "../flow/path-key.js";
import type { Call, Instr, IrFunction, Path } from "../lower/ir.js";
import type { SemanticModel } from "../semantic/semantic-model.js";
import { sortLocks } from "./lock-sets.js";
import { binarySemaphores } from "./semaphores.js";
import type { SummaryLock } from "./summary-types.js";

export interface FunctionLocks {
  converged: boolean;
  /** Locks this function (or a callee's lockAndGet) holds before `instr`; null when unreachable. */
  heldAt(instr: Instr): readonly SummaryLock[] | null;
  /** The caller's locks released before `instr`. */
  releasedAt(instr: Instr): readonly SummaryLock[];
  /** Held when the call a `defer` registered runs: held at the defer and still held at return, or released by an earlier-registered defer. */
  heldWhenDeferredRuns(instr: Instr): readonly SummaryLock[] | null;
  acquires: readonly SummaryLock[];
  releases: readonly SummaryLock[];
}

export type CallLockHook = (call: Call, instr: Instr) => CallLocks | null;

export function functionLocks(semantic: SemanticModel, fn: IrFunction, functions: readonly IrFunction[], callLocks: CallLockHook): FunctionLocks {
  const normal = new Map<string, Path>();
  const toLock = (h: { mutex: Path; mode: "read" | "write" }): SummaryLock => {
    const raw = pathKey(h.mutex);
    let mutex = normal.get(raw);
    if (!mutex) {
      // `c.Lock()` on an embedded mutex locks c.Mutex; spelled out, two functions name it alike.
      mutex = semantic.normalizePath(fn, semantic.methodReceiverPath(fn, h.mutex, "Lock"));
      normal.set(raw, mutex);
    }
    return { key: pathKey(mutex), mutex, mode: h.mode };
  };
  const semaphore = binarySemaphores(semantic, functions);
  const first = locksHeld(fn, { functions, callLocks, semaphore });
  const released = first.releasedNotAcquired;
  const solved: LocksHeld = released.length === 0 ? first : locksHeld(fn, { functions, callLocks, semaphore, entry: released });
  const entryKeys = new Set(released.map((r) => r.key));
  const own = (held: readonly HeldMutex[]): SummaryLock[] => sortLocks(held.filter((h) => h.lockedAt !== null || !entryKeys.has(h.key)).map(toLock));
  const heldAt = (instr: Instr): readonly SummaryLock[] | null => {
    const held = solved.before(instr);
    return held ? own(held) : null;
  };
  const releasedAt = (instr: Instr): readonly SummaryLock[] => {
    if (released.length === 0) return [];
    const held = solved.before(instr) ?? [];
    const stillCallers = new Set(held.filter((h) => h.lockedAt === null).map((h) => h.key));
    return sortLocks(released.filter((r) => !stillCallers.has(r.key)).map(toLock));
  };
  const exitKeys = new Set(solved.heldAtExit.map((h) => h.key));
  return {
    converged: first.converged && solved.converged,
    heldAt,
    releasedAt,
    heldWhenDeferredRuns: (instr) => {
      const held = solved.before(instr);
      if (!held) return null;
      return own(held.filter((h) => exitKeys.has(h.key) || solved.deferredBefore(instr, h.key)));
    },
    // A caller's lock released on some path and taken again before every return (unlock, callback, lock) is held
    // again after the call: it is released and acquired, not gone.
    acquires: sortLocks(solved.heldAtExit.filter((h) => h.lockedAt !== null || entryKeys.has(h.key)).map(toLock)),
    releases: sortLocks(dedupeReleases(released.map(toLock))),
  };
}

function dedupeReleases(locks: SummaryLock[]): SummaryLock[] {
  const seen = new Set<string>();
  return locks.filter((l) => {
    const k = `${l.key}:${l.mode}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
