// The locks fact at one program point, and its join. `held` is a must-set
// (held on every path here: join is intersection), the one rules trust to
// keep two accesses apart. `may` (held on some path) tells an unlock helper
// from an unlock of a lock taken on one arm only. `deferred` collects the
// releases a `defer` will run at return, on some path.
import type { Instr, Path } from "../lower/ir.js";

export type LockMode = "read" | "write";

export interface HeldMutex {
  /** pathKey of the mutex path: the identity two points compare. */
  key: string;
  mutex: Path;
  mode: LockMode;
  /** The lock instruction; null for a lock the caller holds (the entry state). */
  lockedAt: Instr | null;
}

export interface DeferredRelease {
  key: string;
  mutex: Path;
  mode: LockMode;
  /** The `defer` that releases it. */
  at: Instr;
}

export interface LockFact {
  /** Sorted by key, then mode. */
  held: readonly HeldMutex[];
  /** Keys of mutexes held on some path here, sorted. */
  may: readonly string[];
  /** Releases deferred on some path so far, sorted by key. */
  deferred: readonly DeferredRelease[];
}

export const NO_LOCKS: LockFact = { held: [], may: [], deferred: [] };

export function compareHeld(a: { key: string; mode: LockMode }, b: { key: string; mode: LockMode }): number {
  return a.key < b.key ? -1 : a.key > b.key ? 1 : a.mode === b.mode ? 0 : a.mode === "read" ? -1 : 1;
}

export function joinLocks(a: LockFact, b: LockFact): LockFact {
  if (a === b) return a;
  const held = intersectHeld(a.held, b.held);
  const may = unionSorted(a.may, b.may, (x) => x);
  const deferred = unionSorted(a.deferred, b.deferred, (x) => x.key);
  if (held === a.held && may === a.may && deferred === a.deferred) return a;
  return { held, may, deferred };
}

export function sameLocks(a: LockFact, b: LockFact): boolean {
  if (a === b) return true;
  return (
    sameList(a.held, b.held, (x, y) => x.key === y.key && x.mode === y.mode && x.lockedAt === y.lockedAt) &&
    sameList(a.may, b.may, (x, y) => x === y) &&
    sameList(a.deferred, b.deferred, (x, y) => x.key === y.key)
  );
}

/** Held on both sides. Where the two sides locked it at different places, the earlier one in the source stands for both. */
function intersectHeld(a: readonly HeldMutex[], b: readonly HeldMutex[]): readonly HeldMutex[] {
  const out: HeldMutex[] = [];
  let i = 0;
  let j = 0;
  let same = true;
  while (i < a.length && j < b.length) {
    const c = compareHeld(a[i], b[j]);
    if (c < 0) {
      i++;
      same = false;
    } else if (c > 0) j++;
    else {
      out.push(earlier(a[i], b[j]));
      if (out[out.length - 1] !== a[i]) same = false;
      i++;
      j++;
    }
  }
  return same && i === a.length ? a : out;
}

function earlier(x: HeldMutex, y: HeldMutex): HeldMutex {
  if (x.lockedAt === y.lockedAt || x.lockedAt === null) return x;
  if (y.lockedAt === null) return y;
  return y.lockedAt.at < x.lockedAt.at ? y : x;
}

function unionSorted<T>(a: readonly T[], b: readonly T[], keyOf: (x: T) => string): readonly T[] {
  if (b.length === 0 || a === b) return a;
  const out: T[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length) out.push(a[i++]);
    else if (i >= a.length) out.push(b[j++]);
    else {
      const [x, y] = [keyOf(a[i]), keyOf(b[j])];
      if (x === y) {
        out.push(a[i++]);
        j++;
      } else out.push(x < y ? a[i++] : b[j++]);
    }
  }
  return out.length === a.length ? a : out;
}

function sameList<T>(a: readonly T[], b: readonly T[], same: (x: T, y: T) => boolean): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!same(a[i], b[i])) return false;
  return true;
}
