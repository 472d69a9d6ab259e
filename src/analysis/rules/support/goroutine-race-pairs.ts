// The pairs of map accesses that may run at the same time, at least one of
// them a write, with no common lock: the spawner after a `go` statement
// against the goroutine, copies of one goroutine started in a loop, two
// goroutines alive together, and a background goroutine against a handler.
import type { Goroutine } from "../../model/goroutine-types.js";
import { commonLock } from "../../model/lock-queries.js";
import type { MapEvent, PackageModel } from "../../model/model-types.js";
import {
  accessOf,
  allAccesses,
  concurrentWithSpawner,
  detached,
  inBody,
  manyCopies,
  overlaps,
  sharedByCopies,
  sharedSymbol,
  underOnce,
} from "./goroutine-access.js";

export type PairShape = "spawner" | "copies" | "goroutines" | "handler";

export interface RacePair {
  shape: PairShape;
  /** The access the finding is about. */
  access: MapEvent;
  /** The other side (the same event for copies of one goroutine). */
  other: MapEvent;
  /** The goroutine holding `access`, if any, and the one holding `other`. */
  goroutine: Goroutine | null;
  otherGoroutine: Goroutine | null;
  /** The shared map, as a symbol id of the spawner's frame or the package. */
  shared: number;
}

interface BodyAccess {
  e: MapEvent;
  shared: number;
}

export function racePairs(pkg: PackageModel): RacePair[] {
  const goroutines = pkg.concurrency.goroutines;
  if (goroutines.length === 0) return [];
  const accesses = allAccesses(pkg).filter((e) => !underOnce(pkg, e));
  const bodies = new Map<number, BodyAccess[]>();
  for (const g of goroutines) {
    const list: BodyAccess[] = [];
    for (const e of accesses) {
      if (!inBody(g, e)) continue;
      const shared = sharedSymbol(g, e);
      if (shared !== null) list.push({ e, shared });
    }
    bodies.set(g.index, list);
  }
  const pairs: RacePair[] = [];
  const unguarded = (a: MapEvent, b: MapEvent): boolean =>
    (accessOf(a) === "write" || accessOf(b) === "write") && commonLock(pkg, a, b) === null;

  for (const g of goroutines) {
    if (g.kind === "handler") continue;
    const body = bodies.get(g.index) ?? [];
    for (const { e, shared } of body) {
      for (const o of pkg.events.get(shared) ?? []) {
        if (!accessOf(o) || underOnce(pkg, o) || !concurrentWithSpawner(pkg, g, o) || !unguarded(e, o)) continue;
        pairs.push(spawnerPair(g, e, o, shared));
      }
      if (manyCopies(g) && accessOf(e) === "write" && sharedByCopies(pkg, g, shared) && unguarded(e, e)) {
        pairs.push({ shape: "copies", access: e, other: e, goroutine: g, otherGoroutine: g, shared });
      }
    }
    for (const later of goroutines) {
      if (later === g || !overlaps(pkg, g, later)) continue;
      for (const { e, shared } of bodies.get(later.index) ?? []) {
        for (const o of body) {
          if (o.shared !== shared || !unguarded(e, o.e)) continue;
          const [access, other, ga, gb] = accessOf(e) === "write" ? [e, o.e, later, g] : [o.e, e, g, later];
          pairs.push({ shape: "goroutines", access, other, goroutine: ga, otherGoroutine: gb, shared });
        }
      }
    }
    if (!detached(pkg, g)) continue;
    for (const h of goroutines) {
      if (h.kind !== "handler") continue;
      for (const { e, shared } of body) {
        if (accessOf(e) !== "write" || pkg.symbols[shared]?.kind !== "package") continue;
        const other = (bodies.get(h.index) ?? []).find((o) => o.shared === shared && unguarded(e, o.e));
        if (other) pairs.push({ shape: "handler", access: e, other: other.e, goroutine: g, otherGoroutine: h, shared });
      }
    }
  }
  return pairs;
}

/**
 * Which side of a spawner/goroutine pair the finding sits on: the side
 * without a lock when the other has one (that is where the fix goes), else
 * the write, else the spawner's side (usually the newer code).
 */
function spawnerPair(g: Goroutine, inGoroutine: MapEvent, inSpawner: MapEvent, shared: number): RacePair {
  const locked = (e: MapEvent) => e.context.locksHeld.length > 0;
  let goroutineSide = accessOf(inSpawner) !== "write";
  if (locked(inGoroutine) !== locked(inSpawner)) goroutineSide = !locked(inGoroutine);
  return goroutineSide
    ? { shape: "spawner", access: inGoroutine, other: inSpawner, goroutine: g, otherGoroutine: null, shared }
    : { shape: "spawner", access: inSpawner, other: inGoroutine, goroutine: null, otherGoroutine: g, shared };
}
