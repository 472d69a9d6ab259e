// Sets of held locks as sorted lists, so two summaries' locks compare and
// print the same whatever order they were gathered in.
import type { SummaryLock } from "./summary-types.js";

export function compareLocks(a: SummaryLock, b: SummaryLock): number {
  return a.key < b.key ? -1 : a.key > b.key ? 1 : a.mode === b.mode ? 0 : a.mode === "read" ? -1 : 1;
}

export function sortLocks(locks: SummaryLock[]): SummaryLock[] {
  return locks.sort(compareLocks);
}

/** Both lists' locks once each, sorted. */
export function unionLocks(a: readonly SummaryLock[], b: readonly SummaryLock[]): SummaryLock[] {
  const seen = new Set<string>();
  const out: SummaryLock[] = [];
  for (const l of [...a, ...b]) {
    const k = `${l.key}:${l.mode}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(l);
  }
  return sortLocks(out);
}

/** `locks` less those whose mutex is in `released` (any mode: an unlock helper ends the hold). */
export function withoutReleased(locks: readonly SummaryLock[], released: readonly SummaryLock[]): readonly SummaryLock[] {
  if (released.length === 0) return locks;
  const gone = new Set(released.map((r) => r.key));
  return locks.filter((l) => !gone.has(l.key));
}

export function locksText(locks: readonly SummaryLock[], show: (l: SummaryLock) => string): string {
  return locks.map((l) => `${show(l)}:${l.mode}`).join(",");
}
