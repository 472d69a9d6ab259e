// The sides of the summary race query (summary-races.ts), indexed by map: each
// access a context's roots reach, with the identity of its map across the
// package, the mutexes held by identity, and what every copy of the context
// shares; and the filters that keep an access out (owned memory, once
// bodies, tests, chains at their cap, maps initialised before the start).
import type { LockMode } from "../../flow/lock-facts.js";
import { type IrFunction, type Path, type Span, spanKey } from "../../lower/ir.js";
import type { PackageFacts } from "../../package-facts.js";
import type { InstrRef } from "../../semantic/call-graph.js";
import type { ExecutionContext } from "../../concurrency/context-types.js";
import type { MapAccess } from "../../summaries/summary-types.js";
import { MAX_CHAIN } from "../../summaries/compose-callee.js";
import { onceBodies } from "./handler-bodies.js";
import { FieldLocks } from "./field-guard.js";
import { CallerLocks } from "./held-by-callers.js";
import { FunctionFamilies } from "./lock-calls.js";
import { singleThreadedFiles } from "./single-threaded-files.js";
import { type AccessSite, type MapIdentity, mapAccessSites, mapIdentity, structOwner } from "./map-access-sites.js";
import { handedToContext, sharedByCopies, spawnerLocal } from "./race-side-sharing.js";
import { InitialisedBeforeStart } from "./initialised-before-start.js";
import { aliasedFields } from "./aliased-fields.js";

/** One access as a context sees it. */
export interface RaceSide {
  /** The access over the roots of `root`, with the chain of calls from `root` down to it. */
  access: MapAccess;
  root: IrFunction;
  context: ExecutionContext;
  /** On the spawner's side of `context` (after the start, before a join) rather than inside it. */
  alongside: boolean;
  /** The map's identity (`field:T.f`, `pkg:m`; for a map two fields hold, one of the two for both) and its own name. */
  map: string;
  /** The identity of the field the access goes through, before fields that hold one map are joined. */
  field: string;
  name: string;
  write: boolean;
  /** Mutexes held, by identity across the package. */
  locks: readonly { key: string; mode: LockMode }[];
  /** Every copy of the context reaches the same map through this access's path (race-side-sharing.ts). */
  sharedByCopies: boolean;
  /** The spawner's local the access goes through (race-side-sharing.ts), or null. */
  spawnerLocal: string | null;
  /** The mutexes of `locks` every copy of the context holds the same of: only those guard against another copy. */
  sharedLocks: ReadonlySet<string>;
}

export class SideIndex {
  readonly byMap = new Map<string, RaceSide[]>();
  private readonly seen = new Set<string>();
  private readonly once: Set<number>;
  private readonly refs = new Map<number, Map<string, InstrRef>>();
  private readonly testContexts = new Map<number, boolean>();
  private readonly accessesByOrigin = new Map<number, Map<string, MapAccess[]>>();

  private readonly singleThreaded: Set<string>;
  private readonly initialised: InitialisedBeforeStart;

  constructor(private readonly pkg: PackageFacts) {
    this.once = onceBodies(pkg);
    this.initialised = new InitialisedBeforeStart(pkg);
    this.singleThreaded = singleThreadedFiles(pkg.files);
  }

  add(context: ExecutionContext, root: IrFunction, a: MapAccess, alongside: boolean): void {
    if (a.owned || this.once.has(a.origin.fn) || a.chain.some((h) => this.once.has(h.fn))) return;
    // A chain at its cap has lost its deepest calls, and with them the locks taken there (a Sublist's own lock,
    // fourteen calls below a reload): what is held at the access is not known.
    if (a.chain.length >= MAX_CHAIN) return;
    // Tests start goroutines over internals in ways the package's users cannot; their races are the tests' own.
    if (a.origin.path.endsWith(TEST_FILE) || this.fromTests(context) || this.singleThreaded.has(a.origin.path)) return;
    if (alongside && !handedToContext(this.pkg, context, root, a.path)) return;
    // Below a flag-guarded initialiser the spawner ran before the start, the goroutine finds the flag set and returns.
    if (!alongside && this.initialised.covers(context, [...a.chain.map((h) => h.fn), a.origin.fn])) return;
    const write = isWrite(a);
    if (write === null) return;
    // A struct value of the root's own (a copy, a literal) holds maps that may be fresh: only a pointer reaches shared memory for sure.
    // A local of the root reaches shared memory for sure only when it is an element of a shared container (`for x := range s.m`).
    if (a.local && !borrowedFromShared(root, a.path)) return;
    const id = this.identity(root, a);
    if (!id || id.kind === "variable") return;
    // A locking type's methods (RacerD's concurrent methods) take no part: whether one of them runs alongside a goroutine
    // or another method depends on its callers, which the summaries do not see — services registered before serving look
    // like a sync trigger ranging the map — and a method's map is matched by its type alone, so two stores of one type
    // are taken for one map. On real code most such pairs were false (grpc, nats, bbolt, etcd, x/tools).
    if (context.kind === "concurrent-methods") return;
    const locks = this.lockIdentities(root, a);
    // A function that takes its lock only when a parameter says so (`if doLock { s.Lock() }`) is called both ways; the
    // calls that pass false hold the lock already, which the summaries do not tell apart: its accesses take no part.
    if (locksOnParameter(this.pkg.ir.functions[a.origin.fn])) return;
    // A map two fields hold (handed to two owners) is one map for both.
    const key = aliasedFields(this.pkg).get(id.key) ?? id.key;
    const o = a.origin;
    const shared = sharedByCopies(this.pkg, context, root, a.path);
    const dedupe = `${key}|${context.id}|${alongside}|${shared}|${o.fn}:${o.span.line}:${o.span.column}|${write}|${locks.map((l) => `${l.key}:${l.mode}`).join(",")}`;
    if (this.seen.has(dedupe)) return;
    this.seen.add(dedupe);
    const side: RaceSide = { access: a, root, context, alongside, map: key, field: id.key, name: id.name, write, locks, sharedByCopies: shared, spawnerLocal: spawnerLocal(this.pkg, context, root, a.path), sharedLocks: this.sharedLocks(context, root, a, locks) };
    const list = this.byMap.get(key);
    if (list) list.push(side);
    else this.byMap.set(key, [side]);
  }

  /** The map's identity; a path cut at the depth limit, or one through an element of interfaces, is named by the access where it is made, whose path is whole. */
  private identity(root: IrFunction, a: MapAccess): MapIdentity | null {
    if (!a.path.truncated) {
      const id = elementFieldIdentity(this.pkg, root, a.path) ?? mapIdentity(this.pkg, root, a.path);
      if (id || !a.path.selectors.some((x) => x.kind === "index")) return id;
      // An element of a container of interfaces (`subs[]` of []Subscriber) has no struct type in the root's terms: the
      // method the call dispatched to names the field in its own.
    }
    const at = this.pkg.ir.functions[a.origin.fn];
    const direct = this.below(a, a.origin.fn);
    return at && direct && !direct.path.truncated ? mapIdentity(this.pkg, at, direct.path) : null;
  }

  /**
   * Mutexes held at the access, by identity: those the root's summary names,
   * and those each function on the chain names in its own terms — a lock whose
   * path grew past the depth limit on the way up is still seen where it is taken.
   */
  private lockIdentities(root: IrFunction, a: MapAccess): { key: string; mode: LockMode }[] {
    const out = new Map<string, { key: string; mode: LockMode }>();
    const addAll = (fn: IrFunction, locks: readonly { mutex: Path; mode: LockMode }[]): void => {
      for (const l of locks) {
        const key = lockIdentity(this.pkg, fn, l);
        if (key !== null && out.get(key)?.mode !== "write") out.set(key, { key, mode: l.mode });
      }
    };
    addAll(root, a.locks);
    for (const fnId of [...a.chain.slice(1).map((h) => h.fn), a.origin.fn]) {
      const fn = this.pkg.ir.functions[fnId];
      const there = fn && fnId !== root.id ? this.below(a, fnId) : null;
      if (fn && there) addAll(fn, there.locks);
    }
    // And what the flow solver sees held at the instruction itself (the locks its own function takes).
    const origin = this.pkg.ir.functions[a.origin.fn];
    const site = origin ? this.siteAt(a) : null;
    if (origin && site) addAll(origin, site.held);
    return [...out.values()].sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
  }

  /** Keys of `locks` that every copy of the context holds the same of: a lock the root reaches through its own per-copy value (a container's own lock) is not; one seen only below a cut path gets the benefit of the doubt. */
  private sharedLocks(context: ExecutionContext, root: IrFunction, a: MapAccess, locks: readonly { key: string }[]): Set<string> {
    const perCopy = new Set<string>();
    const shared = new Set<string>();
    for (const l of a.locks) {
      const key = lockIdentity(this.pkg, root, l);
      if (key === null) continue;
      if (sharedByCopies(this.pkg, context, root, l.mutex)) shared.add(key);
      else perCopy.add(key);
    }
    return new Set(locks.map((l) => l.key).filter((k) => shared.has(k) || !perCopy.has(k)));
  }

  private sites: Map<string, AccessSite> | null = null;

  /** The access instruction itself, with the mutexes the flow solver holds before it. */
  private siteAt(a: MapAccess): AccessSite | null {
    if (!this.sites) {
      this.sites = new Map();
      for (const site of mapAccessSites(this.pkg)) this.sites.set(`${site.fn.id}:${spanKey(site.instr.span)}`, site);
    }
    return this.sites.get(`${a.origin.fn}:${spanKey(a.origin.span)}`) ?? null;
  }

  /** The same access in the summary of `fnId`, a function on its chain (or where it is made). */
  private below(a: MapAccess, fnId: number): MapAccess | null {
    let byOrigin = this.accessesByOrigin.get(fnId);
    if (!byOrigin) {
      byOrigin = new Map();
      for (const d of this.pkg.accessSummaries().summaryOf(fnId).accesses) {
        const k = `${d.origin.fn}:${spanKey(d.origin.span)}:${d.kind}`;
        const list = byOrigin.get(k);
        if (list) list.push(d);
        else byOrigin.set(k, [d]);
      }
      this.accessesByOrigin.set(fnId, byOrigin);
    }
    const remaining = fnId === a.origin.fn ? 0 : a.chain.length - a.chain.findIndex((h) => h.fn === fnId);
    // The same calls on the way down, not only the same instruction: one helper reached through two owners' methods
    // (`cpu.Add`, `mem.Add`, each under its own lock) is two accesses.
    const tail = a.chain.slice(a.chain.length - remaining);
    const sameWay = (d: MapAccess): boolean => d.chain.length === remaining && d.chain.every((h, i) => h.fn === tail[i]?.fn && spanKey(h.span) === spanKey(tail[i].span));
    return byOrigin.get(`${a.origin.fn}:${spanKey(a.origin.span)}:${a.kind}`)?.find(sameWay) ?? null;
  }

  private callerLocks: CallerLocks | null = null;
  private roots: Set<number> | null = null;

  private rootFunctions(): Set<number> {
    if (!this.roots) {
      this.roots = new Set();
      for (const c of this.pkg.concurrency().contexts) if (c.kind !== "concurrent-methods") for (const r of c.roots) this.roots.add(r);
    }
    return this.roots;
  }

  /**
   * `bare` holds no lock, but its method runs only where its callers hold a mutex `guarded` holds (every call of an
   * unexported method in the package holds it, as map-unguarded-field reads callers): the summaries missed that lock.
   */
  guardedByCallers(bare: RaceSide, guarded: RaceSide): boolean {
    if (bare.locks.length > 0 || guarded.locks.length === 0) return false;
    if (!this.callerLocks) {
      const families = new FunctionFamilies(this.pkg.ir.functions);
      const outermost = (fn: IrFunction): IrFunction => families.outermost(fn);
      this.callerLocks = new CallerLocks(this.pkg.semantic, new FieldLocks(this.pkg.semantic, this.pkg.files, outermost), outermost);
    }
    const fn = this.pkg.ir.functions[bare.access.origin.fn];
    if (!fn) return false;
    // A function a goroutine starts has no caller to hold anything (CallerLocks would take "no call seen" for held).
    const roots = this.rootFunctions();
    const families = [fn, ...bare.access.chain.map((h) => this.pkg.ir.functions[h.fn]).filter((f): f is IrFunction => f !== undefined)].filter((f) => !roots.has(f.id));
    for (const l of guarded.locks) {
      const dot = l.key.lastIndexOf(".");
      const names = l.key.endsWith(`.${EMBEDDED}`) ? [`${l.key.slice(0, dot)}.Mutex`, `${l.key.slice(0, dot)}.RWMutex`] : [l.key];
      for (const f of families) if (names.some((n) => this.callerLocks?.heldByCallers(f, n) === true)) return true;
    }
    return false;
  }

  /**
   * Whether any side of context `c` can be added: not those of a locking type's methods, nor of a context a test
   * starts (add() says why), so the query need not summarise their roots.
   */
  takesPart(c: ExecutionContext): boolean {
    return c.kind !== "concurrent-methods" && !this.fromTests(c);
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

/**
 * A map field of an element of a container (`s.shards[].Endpoints`, through a local that stands for the element,
 * summaries/borrowed.ts): the field's own identity, `field:T.f`, not the container's (mapIdentity names the map a
 * path starts with).
 */
function elementFieldIdentity(pkg: PackageFacts, fn: IrFunction, p: Path): MapIdentity | null {
  const last = p.selectors[p.selectors.length - 1];
  if (last?.kind !== "field" || !p.selectors.some((s) => s.kind === "index")) return null;
  if (!pkg.semantic.isMapType(pkg.semantic.typeOf(fn, p)) || pkg.semantic.libraryKind(pkg.semantic.typeOf(fn, p)) !== null) return null;
  const base: Path = { root: p.root, selectors: p.selectors.slice(0, -1) };
  const owner = structOwner(pkg, fn, base);
  if (owner === null) return null;
  return { key: `field:${owner}.${last.name}`, kind: "field", name: last.name, owner, base, direct: false, origin: null };
}

/** Every assignment to the path's root var takes an element, key or value of a container the function does not own (its receiver's, a parameter's, a package variable's, a captured one's). */
function borrowedFromShared(fn: IrFunction, p: Path): boolean {
  if (p.root.kind !== "var") return false;
  const id = p.root.var;
  let seen = false;
  for (const b of fn.blocks) {
    for (const instr of b.instrs) {
      if (instr.op === "call" || instr.op === "recv") {
        const targets = instr.op === "call" ? instr.results : instr.targets;
        if (targets.some((t) => t?.root.kind === "var" && t.root.var === id && t.selectors.length === 0)) return false;
      }
      if (instr.op !== "assign" || !instr.targets.some((t) => t?.root.kind === "var" && t.root.var === id && t.selectors.length === 0)) continue;
      const v = instr.value;
      if ((v.kind !== "element" && v.kind !== "range-key" && v.kind !== "range-value") || instr.targets.length !== 1) return false;
      const from = v.of.root;
      if (from.kind === "package") seen = true;
      else if (from.kind === "var" && ["receiver", "param", "captured"].includes(fn.vars[from.var]?.kind ?? "")) seen = true;
      else return false;
    }
  }
  return seen;
}


function isWrite(a: MapAccess): boolean | null {
  switch (a.kind) {
    case "write":
    case "delete":
    case "clear":
      return true;
    case "read":
    case "range":
      return false;
    case "len":
      // len(m) reads the map's count without the runtime's concurrent-access check: a data race, but not the crash this rule reports.
      return null;
    case "replace":
      // Assigning the field holding the map races on the field, not inside the map: no "concurrent map" crash to report.
      return null;
  }
}

/**
 * A mutex's identity across the package, as the map's is: `T.mu` for a field (whatever value it is reached through),
 * `T.<embedded>` for a mutex embedded in `T` (`r.Lock()`, `r.Mutex.Lock()`), `pkg.mu` for a package variable; null for
 * one only a single frame can see.
 */
function lockIdentity(pkg: PackageFacts, fn: IrFunction, l: { mutex: Path }): string | null {
  const path: Path = l.mutex;
  if (path.truncated || path.root.kind === "external") return null;
  if (path.selectors.some((s) => s.kind !== "field" && s.kind !== "deref")) return null;
  const last = path.selectors[path.selectors.length - 1];
  const t = pkg.semantic.typeOf(fn, path);
  const struct = t !== null && pkg.semantic.structOf(t.kind === "pointer" ? t.elem : t) !== null;
  if (struct && !pkg.semantic.isMutex(t.kind === "pointer" ? t.elem : t)) {
    // Locking a struct that embeds its mutex.
    const owner = structOwner(pkg, fn, path);
    return owner === null ? null : `${owner}.${EMBEDDED}`;
  }
  if (path.selectors.length === 0) return path.root.kind === "package" ? `pkg.${path.root.name}` : null;
  if (last?.kind !== "field") return null;
  const owner = structOwner(pkg, fn, { root: path.root, selectors: path.selectors.slice(0, -1) });
  if (owner === null) return null;
  return last.name === "Mutex" || last.name === "RWMutex" ? `${owner}.${EMBEDDED}` : `${owner}.${last.name}`;
}

const EMBEDDED = "<embedded>";

/** Whether `fn` takes or releases a mutex only on a branch of a boolean parameter (`if doLock { s.Lock() }`). */
function locksOnParameter(fn: IrFunction | undefined): boolean {
  if (!fn) return false;
  for (const b of fn.blocks) {
    const t = b.term;
    if (t.kind !== "branch" || t.cond.kind !== "bool" || t.cond.path.selectors.length > 0 || t.cond.path.root.kind !== "var") continue;
    if (fn.vars[t.cond.path.root.var]?.kind !== "param") continue;
    const then = fn.blocks[t.cond.negated ? t.else : t.then];
    if (then?.instrs.some((x) => x.op === "lock" || x.op === "unlock")) return true;
  }
  return false;
}
