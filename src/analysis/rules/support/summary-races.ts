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
import type { LockMode } from "../../flow/lock-facts.js";
import type { IrFunction, Path, Span } from "../../lower/ir.js";
import type { PackageFacts } from "../../package-facts.js";
import type { InstrRef } from "../../semantic/call-graph.js";
import type { ExecutionContext } from "../../concurrency/context-types.js";
import type { MapAccess, SummaryLock } from "../../summaries/summary-types.js";
import { onceBodies } from "./handler-bodies.js";
import { mapIdentity, structOwner } from "./map-access-sites.js";
import { handedToContext, sharedByCopies } from "./race-side-sharing.js";

/** One access as a context sees it. */
export interface RaceSide {
  /** The access over the roots of `root`, with the chain of calls from `root` down to it. */
  access: MapAccess;
  root: IrFunction;
  context: ExecutionContext;
  /** On the spawner's side of `context` (after the start, before a join) rather than inside it. */
  alongside: boolean;
  /** The map's identity (`field:T.f`, `pkg:m`) and its own name. */
  map: string;
  name: string;
  write: boolean;
  /** Mutexes held, by identity across the package. */
  locks: readonly { key: string; mode: LockMode }[];
  /** Every copy of the context reaches the same map through this access's path (race-side-sharing.ts). */
  sharedByCopies: boolean;
}

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
    for (const r of c.roots) {
      const root = pkg.ir.functions[r];
      if (root) for (const a of summaries.summaryOf(r).accesses) sides.add(c, root, a, false);
    }
    const side = conc.spawnerSide(c.id);
    if (!side || !c.spawn) continue;
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
  const out: SummaryRace[] = [];
  for (const list of sides.byMap.values()) {
    const capped = list.length > MAX_SIDES_PER_MAP ? list.slice(0, MAX_SIDES_PER_MAP) : list;
    for (let i = 0; i < capped.length; i++) {
      const x = capped[i];
      for (let j = i; j < capped.length; j++) {
        const y = capped[j];
        if (!x.write && !y.write) continue;
        if (commonLock(x, y) || !parallel(pkg, x, y)) continue;
        out.push(x.write || !y.write ? { access: x, other: y } : { access: y, other: x });
      }
    }
  }
  return out;
}

function parallel(pkg: PackageFacts, x: RaceSide, y: RaceSide): boolean {
  if (x.alongside && y.alongside) return false;
  if (x.alongside || y.alongside) return x.context === y.context;
  // Methods of a locking type run concurrently as far as its guarded accesses say (RacerD): with no goroutine seen,
  // one side holds the type's own mutex and the other does not.
  if (x.context.kind === "concurrent-methods" && y.context.kind === "concurrent-methods") return ownMutexOnOneSide(x, y);
  if (x.context === y.context) return x.context.selfConcurrent && x.sharedByCopies && y.sharedByCopies;
  return pkg.concurrency().contextsOverlap(x.context.id, y.context.id);
}

function ownMutexOnOneSide(x: RaceSide, y: RaceSide): boolean {
  const own = (s: RaceSide): Set<string> => new Set(s.locks.filter((l) => l.key.startsWith(`${s.root.receiver?.type ?? "?"}.`)).map((l) => l.key));
  const ox = own(x);
  const oy = own(y);
  return [...ox].some((k) => !oy.has(k)) || [...oy].some((k) => !ox.has(k));
}

/** A mutex both hold, write-held by each writing side. */
function commonLock(x: RaceSide, y: RaceSide): boolean {
  for (const a of x.locks) {
    if (x.write && a.mode !== "write") continue;
    for (const b of y.locks) {
      if (b.key !== a.key || (y.write && b.mode !== "write")) continue;
      if (a.mode === "write" || b.mode === "write" || (!x.write && !y.write)) return true;
    }
  }
  return false;
}

class SideIndex {
  readonly byMap = new Map<string, RaceSide[]>();
  private readonly seen = new Set<string>();
  private readonly once: Set<number>;
  private readonly refs = new Map<number, Map<string, InstrRef>>();
  private readonly testContexts = new Map<number, boolean>();

  constructor(private readonly pkg: PackageFacts) {
    this.once = onceBodies(pkg);
  }

  add(context: ExecutionContext, root: IrFunction, a: MapAccess, alongside: boolean): void {
    if (a.owned || this.once.has(a.origin.fn) || a.chain.some((h) => this.once.has(h.fn))) return;
    // Tests start goroutines over internals in ways the package's users cannot; their races are the tests' own.
    if (a.origin.path.endsWith(TEST_FILE) || this.fromTests(context)) return;
    if (alongside && !handedToContext(this.pkg, context, root, a.path)) return;
    const write = isWrite(a);
    if (write === null) return;
    // A struct value of the root's own (a copy, a literal) holds maps that may be fresh: only a pointer reaches shared memory for sure.
    if (a.local && this.pkg.semantic.typeOf(root, { root: a.path.root, selectors: [] })?.kind !== "pointer") return;
    const id = mapIdentity(this.pkg, root, a.path);
    if (!id || id.kind === "variable") return;
    // A locking type's exported methods are what its users call concurrently; its unexported ones run under its callers' locks.
    if (context.kind === "concurrent-methods" && !isExported(root)) return;
    const locks = a.locks.map((l) => ({ key: lockIdentity(this.pkg, root, l), mode: l.mode })).filter((l): l is { key: string; mode: LockMode } => l.key !== null);
    const o = a.origin;
    const dedupe = `${id.key}|${context.id}|${alongside}|${sharedByCopies(this.pkg, context, root, a.path)}|${o.fn}:${o.span.line}:${o.span.column}|${write}|${locks.map((l) => `${l.key}:${l.mode}`).join(",")}`;
    if (this.seen.has(dedupe)) return;
    this.seen.add(dedupe);
    const shared = sharedByCopies(this.pkg, context, root, a.path);
    const side: RaceSide = { access: a, root, context, alongside, map: id.key, name: id.name, write, locks, sharedByCopies: shared };
    const list = this.byMap.get(id.key);
    if (list) list.push(side);
    else this.byMap.set(id.key, [side]);
  }

  private fromTests(c: ExecutionContext): boolean {
    let known = this.testContexts.get(c.id);
    if (known === undefined) {
      const inTest = (fn: number): boolean => this.pkg.ir.functions[fn]?.path.endsWith(TEST_FILE) === true;
      known = (c.spawn !== null && inTest(c.spawn.fn)) || (c.via !== null && inTest(c.via.fn)) || c.roots.some(inTest);
      this.testContexts.set(c.id, known);
    }
    return known;
  }

  /** The instruction of `fn` at `span` (a call site or an access). */
  refAt(fn: IrFunction, span: Span): InstrRef | null {
    let bySpan = this.refs.get(fn.id);
    if (!bySpan) {
      bySpan = new Map();
      for (const b of fn.blocks) b.instrs.forEach((instr, index) => bySpan?.set(spanKey(instr.span), { block: b.id, index }));
      this.refs.set(fn.id, bySpan);
    }
    return bySpan.get(spanKey(span)) ?? null;
  }
}

const TEST_FILE = "_test.go";

function isExported(fn: IrFunction): boolean {
  return /^\p{Lu}/u.test(fn.name.slice(fn.name.lastIndexOf(".") + 1));
}

const spanKey = (s: Span): string => `${s.line}:${s.column}:${s.endLine}:${s.endColumn}`;

function isWrite(a: MapAccess): boolean | null {
  switch (a.kind) {
    case "write":
    case "delete":
    case "clear":
      return true;
    case "read":
    case "len":
    case "range":
      return false;
    case "replace":
      // Assigning the field holding the map races on the field, not inside the map: no "concurrent map" crash to report.
      return null;
  }
}

/** A mutex's identity across the package, as the map's is: `T.mu` for a field (whatever value it is reached through), `pkg.mu` for a package variable; null for one only a single frame can see. */
function lockIdentity(pkg: PackageFacts, fn: IrFunction, l: SummaryLock): string | null {
  const path: Path = l.mutex;
  if (path.truncated || path.root.kind === "external") return null;
  if (path.selectors.length === 0) return path.root.kind === "package" ? `pkg.${path.root.name}` : null;
  const last = path.selectors[path.selectors.length - 1];
  if (last?.kind !== "field" || path.selectors.some((s) => s.kind !== "field" && s.kind !== "deref")) return null;
  const owner = structOwner(pkg, fn, { root: path.root, selectors: path.selectors.slice(0, -1) });
  return owner === null ? null : `${owner}.${last.name}`;
}
