// Questions rules ask of the lock facts: which locks are held at an access,
// whether two accesses share one, and which mutex guards a map elsewhere.
import type { HeldLock, MutexKind } from "./lock-types.js";
import type { FieldBase, MapEvent, MapSymbol, PackageModel } from "./model-types.js";

/** Event kinds that change the map (or the variable holding it). */
const WRITES: ReadonlySet<string> = new Set(["write", "delete", "assign", "nil"]);
/** Event kinds that look into the map without changing it. */
const READS: ReadonlySet<string> = new Set(["read", "len", "range", "escape"]);

export function isWrite(e: MapEvent): boolean {
  return WRITES.has(e.kind);
}

/** Reads and writes of the map's contents (not `m == nil`, not `&m`). */
export function isAccess(e: MapEvent): boolean {
  return WRITES.has(e.kind) || READS.has(e.kind);
}

/** Whether the function holding `e` says (by name or doc comment) that its caller holds the lock. */
export function callerHolds(pkg: PackageModel, e: MapEvent): boolean {
  return (pkg.locks.functions.get(e.context.functionIndex)?.callerHolds ?? null) !== null;
}

/**
 * Whether `mutex` is held at `e` strongly enough for what `e` does: in write
 * mode for a write, in either mode for a read. A function whose caller holds
 * the lock (`...Locked`, "must be called with mu held") holds any mutex.
 */
export function holds(pkg: PackageModel, e: MapEvent, mutex: string): boolean {
  if (callerHolds(pkg, e)) return true;
  const write = isWrite(e);
  return e.context.locksHeld.some((h) => h.mutex === mutex && !h.copy && (!write || h.mode === "write"));
}

/**
 * A mutex held at both accesses that keeps them apart: at least one of them
 * holds it in write mode, and every writing side holds it in write mode.
 * Copies (value receivers) keep nothing apart. Null when there is none.
 */
export function commonLock(pkg: PackageModel, a: MapEvent, b: MapEvent): string | null {
  const guard = a.symbol.id === b.symbol.id ? guardOf(pkg, a.symbol) : null;
  const locksOf = (e: MapEvent): readonly HeldLock[] => {
    if (!callerHolds(pkg, e) || !guard) return e.context.locksHeld;
    return [...e.context.locksHeld, { ...guard.held, mode: "write" }];
  };
  const [la, lb] = [locksOf(a), locksOf(b)];
  for (const ha of la) {
    if (ha.copy) continue;
    for (const hb of lb) {
      if (hb.mutex !== ha.mutex || hb.copy) continue;
      if (isWrite(a) && ha.mode !== "write") continue;
      if (isWrite(b) && hb.mode !== "write") continue;
      if (ha.mode === "write" || hb.mode === "write") return ha.mutex;
    }
  }
  return null;
}

export interface Guard {
  /** The mutex's identity (see HeldLock.mutex). */
  mutex: string;
  /** Mutex or RWMutex, when the declaration is known. */
  kind: MutexKind | null;
  /** One hold of it, as taken at an access. */
  held: HeldLock;
  /** An access made while it is held (a write when there is one): the evidence. */
  evidence: MapEvent;
  /** How many accesses hold it. */
  count: number;
}

/**
 * The mutex that guards `symbol` elsewhere: the one held (really locked, not a
 * copy) at most of its accesses. Null when no access holds one.
 */
export function guardOf(pkg: PackageModel, symbol: MapSymbol, events = pkg.events.get(symbol.id) ?? []): Guard | null {
  const tally = new Map<string, Guard>();
  for (const e of events) {
    if (!isAccess(e)) continue;
    const seen = new Set<string>();
    for (const h of e.context.locksHeld) {
      if (h.copy || h.mutex.startsWith("expr:") || seen.has(h.mutex)) continue;
      seen.add(h.mutex);
      const g = tally.get(h.mutex);
      if (!g) tally.set(h.mutex, { mutex: h.mutex, kind: mutexKind(pkg, h.mutex), held: h, evidence: e, count: 1 });
      else {
        g.count++;
        if (isWrite(e) && !isWrite(g.evidence)) g.evidence = e;
      }
    }
  }
  let best: Guard | null = null;
  for (const g of tally.values()) if (!best || g.count > best.count) best = g;
  return best;
}

/** Mutex or RWMutex for a field or package mutex identity; null when unknown. */
export function mutexKind(pkg: PackageModel, mutex: string): MutexKind | null {
  if (mutex.startsWith("pkg.")) return pkg.locks.packageMutexes.get(mutex.slice(4)) ?? null;
  const dot = mutex.indexOf(".");
  if (dot < 0 || mutex.includes(":")) return null;
  const fields = pkg.locks.mutexFields.get(mutex.slice(0, dot));
  return fields?.find((f) => f.name === mutex.slice(dot + 1))?.kind ?? null;
}

/**
 * How to name `guard`'s mutex at an access through `base` (`c.mu` for a field
 * of `c`, `c` for an embedded one, `mu` for a package or local mutex), so a
 * fix can write `<text>.Lock()`. Null when it cannot be named from there.
 */
export function lockTextAt(guard: Guard, base: FieldBase | undefined): string | null {
  const m = guard.mutex;
  if (m.startsWith("pkg.")) return m.slice(4);
  if (/^fn\d+\./.test(m)) return m.slice(m.indexOf(".") + 1);
  if (m.includes(":")) return null;
  if (!base || !base.direct) return null;
  const name = m.slice(m.indexOf(".") + 1);
  // An embedded mutex is locked as `c.Lock()` (held.text is `c`) or as `c.Mutex.Lock()`.
  const embeddedBare = (name === "Mutex" || name === "RWMutex") && !guard.held.text.endsWith(`.${name}`);
  return embeddedBare ? base.text : `${base.text}.${name}`;
}
