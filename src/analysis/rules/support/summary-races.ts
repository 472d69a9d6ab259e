// Races across functions: the query over access summaries and concurrency
// contexts. Each context's roots contribute the map accesses their summaries
// hold (through callees, with the locks held on the way, owned memory left
// out), and the spawner's side of a started context contributes the accesses
// of its continuations. Accesses are abstracted to one identity per map
// across the package (`field:T.f`, `pkg:m`: the receiver or parameter of a
// root stands for any shared value of its type, as in RacerD) and indexed by
// it; only accesses of one identity are paired, and a pair races when one
// side writes, no mutex is held by both (by identity, in write mode for a
// writer) and the two contexts may run at the same time. Maps of one
// function's variables are left to the intra-function shapes.
import type { PackageFacts } from "../../package-facts.js";
import { differentHolders } from "./side-holders.js";
import { type RaceSide, SideIndex } from "./race-side-index.js";

export interface SummaryRace {
  access: RaceSide;
  other: RaceSide;
}

/**
 * Sides of one map compared pairwise are capped: past it the rest of that
 * map's sides are not compared (the first ones, in function order, still are),
 * so a package with one map touched everywhere costs a bounded amount.
 */
const MAX_SIDES_PER_MAP = 400;

const cache = new WeakMap<PackageFacts, SummaryRace[]>();

export function summaryRaces(pkg: PackageFacts): readonly SummaryRace[] {
  let races = cache.get(pkg);
  if (!races) cache.set(pkg, (races = collect(pkg)));
  return races;
}

function collect(pkg: PackageFacts): SummaryRace[] {
  const conc = pkg.concurrency();
  if (conc.contexts.length === 0) return [];
  const sides = new SideIndex(pkg);
  const summaries = pkg.accessSummaries();
  for (const c of conc.contexts) {
    pkg.budget.check("map-goroutine-race");
    // A locking type's methods and what tests start take no part in this query (SideIndex.add says why): their
    // summaries, often a type checker's whole cycle of calls below a cache's methods, would be built for nothing.
    if (!sides.takesPart(c)) continue;
    for (const r of c.roots) {
      const root = pkg.ir.functions[r];
      if (root) for (const a of summaries.summaryOf(r).accesses) sides.add(c, root, a, false);
    }
    // The spawner's side counts only where the spawner itself touches maps (most spawners of many goroutines do not).
    if (!c.spawn || summaries.summaryOf(c.spawn.fn).accesses.length === 0) continue;
    const side = conc.spawnerSide(c.id);
    if (!side) continue;
    // The spawner's own continuation only: past its return, callers reach other values of the same types.
    for (const k of side.continuations) {
      const fn = pkg.ir.functions[k.fn];
      if (!fn || k.fn !== c.spawn.fn) continue;
      for (const a of summaries.summaryOf(k.fn).accesses) {
        const ref = sides.refAt(fn, a.chain[0]?.span ?? a.origin.span);
        if (ref && k.contains(ref)) sides.add(c, fn, a, true);
      }
    }
  }
  // Pairs within one map: each write looks for the sides it races with, and stops after a few (a finding is one a
  // line, and the related location needs one other side; a few spare in case a sibling rule already tells one). A
  // write-write pair is reported at the earlier side only. So a thousand goroutines writing one map cost a bounded
  // number of comparisons per write rather than every pair; what stays quadratic is a map no two sides race on (every
  // side checked against every other, cheaply, up to MAX_SIDES_PER_MAP).
  const out: SummaryRace[] = [];
  for (const list of sides.byMap.values()) {
    const capped = list.length > MAX_SIDES_PER_MAP ? list.slice(0, MAX_SIDES_PER_MAP) : list;
    for (let i = 0; i < capped.length; i++) {
      const x = capped[i];
      if (!x.write) continue;
      let found = 0;
      let sameSpot: SummaryRace | null = null;
      for (let j = 0; j < capped.length && found < MAX_PARTNERS; j++) {
        const y = capped[j];
        if (j < i && y.write) continue;
        pkg.budget.check("map-goroutine-race");
        const same = y.access.origin === x.access.origin;
        if (same && sameSpot) continue;
        if (commonLock(x, y) || !parallel(pkg, sides, x, y) || sides.guardedByCallers(x, y) || sides.guardedByCallers(y, x)) continue;
        if (same) sameSpot = { access: x, other: y };
        else {
          out.push({ access: x, other: y });
          found++;
        }
      }
      if (sameSpot) out.push(sameSpot);
    }
  }
  return out;
}

/** Partners a write side is paired with at most (see collect). */
const MAX_PARTNERS = 8;

function parallel(pkg: PackageFacts, sides: SideIndex, x: RaceSide, y: RaceSide): boolean {
  if (x.alongside && y.alongside) return false;
  if (differentHolders(pkg, x, y)) return false;
  if (x.alongside || y.alongside) return x.context === y.context;
  if (x.context === y.context) return x.context.selfConcurrent && x.sharedByCopies && y.sharedByCopies && !twoLocals(x, y);
  // Two started goroutines touch one map, not just one field of two values, only when something says so: both go
  // through the same local of a spawner, or through the same package variable. (A handler's or a locking type's
  // receiver is the server's one value.) Values two calls of spawners made are each their own.
  if (!sameValue(x, y)) return false;
  return pkg.concurrency().contextsOverlap(x.context.id, y.context.id);
}

/** Through two different locals of the spawner to one field: two values, each with its own map (a map two fields hold is one, whatever holds it). */
function twoLocals(x: RaceSide, y: RaceSide): boolean {
  return x.field === y.field && x.spawnerLocal !== null && y.spawnerLocal !== null && x.spawnerLocal !== y.spawnerLocal;
}

function sameValue(x: RaceSide, y: RaceSide): boolean {
  if (x.spawnerLocal !== null && y.spawnerLocal !== null) return x.spawnerLocal === y.spawnerLocal;
  // One side goes through a spawner's local, the other through what its spawner was given: that may be the local.
  if (x.spawnerLocal !== null || y.spawnerLocal !== null) return true;
  const served = (s: RaceSide): boolean => s.context.kind === "handler" || s.context.kind === "concurrent-methods";
  if (served(x) || served(y)) return true;
  const px = x.access.path.root;
  const py = y.access.path.root;
  return px.kind === "package" && py.kind === "package" && px.name === py.name;
}

/** A mutex both hold, write-held by each writing side; copies of one context must hold the same one, not each its own. */
function commonLock(x: RaceSide, y: RaceSide): boolean {
  // The spawner's side and the goroutine it started are not copies of one another: a lock the spawner holds through
  // what it handed over (its receiver's mutex) is the one the goroutine takes through it.
  const copies = x.context === y.context && !x.alongside && !y.alongside;
  for (const a of x.locks) {
    if ((x.write && a.mode !== "write") || (copies && !x.sharedLocks.has(a.key))) continue;
    for (const b of y.locks) {
      if (b.key !== a.key || (y.write && b.mode !== "write") || (copies && !y.sharedLocks.has(b.key))) continue;
      if (a.mode === "write" || b.mode === "write" || (!x.write && !y.write)) return true;
    }
  }
  return false;
}

