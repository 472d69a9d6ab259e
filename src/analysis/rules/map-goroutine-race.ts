// map-goroutine-race: a map written on one side and
// read or written on the other by code that runs at the same time — the
// spawner after a `go` against the goroutine, copies of one goroutine started
// in a loop, two goroutines alive together, a detached goroutine against a
// handler — with no lock held by both on every path (flow/locks-held.ts).
import type { HeldMutex } from "../flow/locks-held.js";
import type { PackageFacts } from "../package-facts.js";
import type { Finding } from "../types.js";
import { makeFinding, type Rule } from "./support/rule.js";
import { guardWrapFix, mutexKey } from "./support/guard-wrap-fix.js";
import { type Goroutine, GoroutineFacts } from "./support/goroutine-sites.js";
import { onceBodies } from "./support/handler-bodies.js";
import { reportedStatement } from "./support/header-statement.js";
import { locationOf } from "./support/line-text.js";
import { methodLabel } from "./support/ir-locations.js";
import { type AccessSite, mapAccessSites, mapIdentity, topLevelOf } from "./support/map-access-sites.js";
import { summaryRaces } from "./support/summary-races.js";
import { ToldBySiblings } from "./support/told-by-siblings.js";
import { mapHandlerWrite } from "./map-handler-write.js";
import { mapUnguardedField } from "./map-unguarded-field.js";
import { mapWriteUnderRlock } from "./map-write-under-rlock.js";
import { reportThroughCalls } from "./support/summary-race-finding.js";

const FATAL = 'the runtime stops the whole process with "fatal error: {fatal}"';

const messages = {
  spawner: `\`{name}\` is {verb} here while the goroutine started at line {goLine} {otherVerb} it, with no lock held by both: ${FATAL}.{recover} {hint}`,
  inGoroutine: `\`{name}\` is {verb} here, in the goroutine started at line {goLine}, while the function that started it {otherVerb} it at line {otherLine}, with no lock held by both: ${FATAL}.{recover} {hint}`,
  copies: `\`{name}\` is written here by every copy of the goroutine started in a loop at line {goLine}; the copies run at the same time and share one map: ${FATAL}.{recover} {hint}`,
  goroutines: `\`{name}\` is {verb} here while the goroutine started at line {otherGoLine} {otherVerb} it, with no lock held by both: ${FATAL}.{recover} {hint}`,
  handler: `\`{name}\` is written here by a goroutine that runs on its own while the handler {handler} reads it for every request, with no lock held by both: ${FATAL}.{recover} {hint}`,
  otherInGoroutine: "the other access, in the goroutine started at line {goLine}",
  otherInSpawner: "the other access, in the function that started the goroutine, after the `go` statement",
  goStatement: "the `go` statement, inside a loop: each iteration starts another copy",
  otherGoroutine: "the other access, in the goroutine started at line {otherGoLine}",
  otherHandler: "the other access, in the handler {handler}",
  throughCalls: `\`{name}\` is {verb} here by {where}, while {otherWhere} {otherVerb} it, with no lock held by both: ${FATAL}. {hint}`,
  otherThroughCalls: "the other access: {otherWhere} {otherVerb} `{name}` here",
  hop: "on the way to this access: {caller} calls {callee} here",
  otherHop: "on the way to the other access: {caller} calls {callee} here",
  start: "where the goroutine or handler of this access starts",
} as const;

export type MapGoroutineRaceMessage = keyof typeof messages;

type PairShape = "spawner" | "copies" | "goroutines" | "handler";

interface RacePair {
  shape: PairShape;
  access: AccessSite;
  other: AccessSite;
  goroutine: Goroutine | null;
  otherGoroutine: Goroutine | null;
  shared: string;
}

interface BodyAccess {
  e: AccessSite;
  shared: string;
}

/** One goroutine's accesses of a map, among the goroutines of one spawner: one of each kind (read or write, locks held). */
interface Sibling {
  g: Goroutine;
  kinds: Map<string, AccessSite>;
}

const HINTS: Record<PairShape, string> = {
  spawner: "Hand the map over to the goroutine for good (channel ownership), or guard both sides with one sync.Mutex.",
  copies: "Guard the map with a sync.Mutex, or send each result on a channel and let one goroutine write the map.",
  goroutines: "Guard both sides with one sync.Mutex, or let one goroutine own the map and send it changes over a channel.",
  handler: "Guard it with a sync.RWMutex, or use sync.Map if each key is written once and read many times.",
};

const RECOVER = " `recover()` in the goroutine does not catch this: it is a fatal error, not a panic.";

export const mapGoroutineRace: Rule<MapGoroutineRaceMessage> = {
  id: "map-goroutine-race",
  meta: {
    id: "map-goroutine-race",
    severity: "error",
    summary: "A map written by one goroutine while another goroutine reads or writes it, with no common lock.",
  },
  messages,
  check(pkg, options) {
    const facts = new GoroutineFacts(pkg);
    const findings = new Map<string, Finding>();
    if (facts.goroutines.length > 0) {
      const race = new Races(pkg, facts);
      for (const pair of race.pairs()) {
        const key = `${pair.access.fn.path}:${reportedStatement(pkg, pair.access.fn, pair.access.instr).line}:${pair.shared}`;
        if (!findings.has(key)) findings.set(key, report(pkg, race, pair));
      }
    }
    // Races whose sides sit in different functions, found over the access summaries. A line already reported keeps its
    // finding, here or by the rule that names its shape (an unguarded field, a write under RLock, a handler's write).
    const races = summaryRaces(pkg);
    if (races.length === 0) return [...findings.values()];
    const lines = new Set([...findings.values()].map((f) => `${f.location.path}:${f.location.startLine}`));
    const told = new ToldBySiblings(pkg);
    for (const rule of [mapUnguardedField, mapWriteUnderRlock, mapHandlerWrite]) for (const f of rule.check(pkg, options)) told.add(f);
    // A pair with two different accesses tells more than one access against its own copy: those go first.
    const sameSpot = (r: (typeof races)[number]): number => (r.access.access.origin === r.other.access.origin ? 1 : 0);
    const reported = new Set<unknown>();
    for (const race of [...races].sort((a, b) => sameSpot(a) - sameSpot(b))) {
      // An access already reported through another pair is not built again (a finding costs its text and fingerprint).
      const o = race.access.access.origin;
      if (reported.has(o) || lines.has(`${o.path}:${o.stmt.line === o.stmt.endLine ? o.stmt.line : o.span.line}`)) continue;
      const f = reportThroughCalls(mapGoroutineRace, pkg, race);
      const line = `${f.location.path}:${f.location.startLine}`;
      if (lines.has(line) || told.has(race.access) || told.has(race.other)) continue;
      lines.add(line);
      reported.add(race.access.access.origin);
      findings.set(`${line}:${race.access.map}`, f);
    }
    return [...findings.values()];
  },
};

class Races {
  private readonly accesses: AccessSite[];
  private readonly byKey = new Map<string, AccessSite[]>();
  readonly names = new Map<string, string>();
  private readonly mutexKeys = new Map<HeldMutex, string | null>();

  constructor(
    private readonly pkg: PackageFacts,
    private readonly facts: GoroutineFacts,
  ) {
    const once = onceBodies(pkg);
    this.accesses = mapAccessSites(pkg).filter((s) => !once.has(s.fn.id));
    for (const s of this.accesses) {
      const list = this.byKey.get(s.map.key);
      if (list) list.push(s);
      else this.byKey.set(s.map.key, [s]);
      if (!this.names.has(s.map.key)) this.names.set(s.map.key, s.map.name);
    }
  }

  /** The map of the spawner's frame (or the package) that a body's access touches; null for the body's own maps and fields. */
  private sharedOf(g: Goroutine, e: AccessSite): string | null {
    const map = e.map;
    if (map.kind === "package") return map.key;
    if (map.kind !== "variable" || !map.origin || g.body === null) return null;
    const v = this.pkg.ir.functions[map.origin.fn]?.vars[map.origin.var];
    if (!v) return null;
    if (map.origin.fn === g.body) return v.kind === "param" && v.index !== undefined ? this.argument(g, v.index) : null;
    if (!g.literal) return null;
    // Captured from a function around the literal: the spawner's variable, one for every run of the body.
    for (let id = this.pkg.ir.functions[g.body]?.parent ?? null; id !== null; id = this.pkg.ir.functions[id]?.parent ?? null) {
      if (id === map.origin.fn) return map.key;
    }
    return null;
  }

  private argument(g: Goroutine, i: number): string | null {
    const arg = g.args[i];
    if (!g.spawner || arg?.kind !== "path" || arg.path.selectors.length > 0) return null;
    const id = mapIdentity(this.pkg, g.spawner, arg.path);
    if (!id) return null;
    if (!this.names.has(id.key)) this.names.set(id.key, id.name);
    return id.key;
  }

  private byBody: Map<number, AccessSite[]> | null = null;

  private bodyAccesses(g: Goroutine): BodyAccess[] {
    if (g.body === null) return [];
    if (!this.byBody) {
      this.byBody = new Map();
      for (const e of this.accesses) {
        const b = this.facts.body(e.fn.id);
        const list = this.byBody.get(b);
        if (list) list.push(e);
        else this.byBody.set(b, [e]);
      }
    }
    const out: BodyAccess[] = [];
    for (const e of this.byBody.get(g.body) ?? []) {
      const shared = this.sharedOf(g, e);
      if (shared !== null) out.push({ e, shared });
    }
    return out;
  }

  private key(fnAccess: AccessSite, held: HeldMutex): string | null {
    let k = this.mutexKeys.get(held);
    if (k === undefined) this.mutexKeys.set(held, (k = mutexKey(this.pkg, fnAccess.fn, held)));
    return k;
  }

  /** A mutex both hold, write-held by each writing side and by at least one. */
  private commonLock(a: AccessSite, b: AccessSite): boolean {
    for (const ha of a.held) {
      const ka = this.key(a, ha);
      if (ka === null) continue;
      for (const hb of b.held) {
        if (this.key(b, hb) !== ka) continue;
        if (a.access === "write" && ha.mode !== "write") continue;
        if (b.access === "write" && hb.mode !== "write") continue;
        if (ha.mode === "write" || hb.mode === "write") return true;
      }
    }
    return false;
  }

  private unguarded(a: AccessSite, b: AccessSite): boolean {
    return (a.access === "write" || b.access === "write") && !this.commonLock(a, b);
  }

  private inSpawner(g: Goroutine, e: AccessSite): boolean {
    return g.spawner !== null && e.fn.path === g.path && this.facts.body(e.fn.id) === this.facts.body(g.spawner.id);
  }

  private concurrentWithSpawner(g: Goroutine, e: AccessSite): boolean {
    if (g.kind === "handler" || !g.spawner || !this.inSpawner(g, e) || within(g.site, e.instr.span)) return false;
    const joins = this.facts.ownJoins(g);
    if (e.instr.at >= g.at) {
      return !joins.some(
        (j) =>
          j.at < e.instr.at &&
          (this.facts.joinsOwnBlock(g, j) || this.facts.joinedBefore(j, e.fn, e.block, e.index, e.instr.at) || this.facts.joinedOnEveryPath(g, j, e.fn, e.block, e.index)),
      );
    }
    const loop = g.loop;
    if (!loop || e.fn.id !== g.spawner.id || !loop.blocks.has(e.block)) return false;
    return !joins.some((j) => j.fn.id === g.spawner?.id && loop.blocks.has(j.block));
  }

  private overlaps(g: Goroutine, later: Goroutine): boolean {
    if (g.kind === "handler" || later.kind === "handler" || !g.spawner || !later.spawner) return false;
    if (g.path !== later.path || this.facts.body(g.spawner.id) !== this.facts.body(later.spawner.id)) return false;
    if (later.at <= g.at) return false;
    const spawner = later.spawner;
    return !this.facts
      .ownJoins(g)
      .some((j) => j.at < later.at && (this.facts.joinsOwnBlock(g, j) || this.facts.joinedBefore(j, spawner, later.block, indexOf(later), later.at)));
  }

  private spawnerBody(g: Goroutine): number {
    return g.spawner ? this.facts.body(g.spawner.id) : -1;
  }

  private detached(g: Goroutine): boolean {
    return g.kind !== "handler" && this.facts.ownJoins(g).length === 0;
  }

  private sharedByCopies(g: Goroutine, shared: string): boolean {
    const loop = g.loop;
    if (!loop || !g.spawner) return false;
    if (!shared.startsWith("var:")) return true;
    const [, fnId, varId] = shared.split(":").map(Number) as [number, number, number];
    if (topLevelOf(this.pkg, fnId) !== topLevelOf(this.pkg, g.spawner.id)) return true;
    const v = this.pkg.ir.functions[fnId]?.vars[varId];
    return !v || !(v.at >= loop.start && v.at < loop.end);
  }

  /** Accesses of one map in one function body (the spawner's candidates), built on first use. */
  private byKeyBody: Map<string, AccessSite[]> | null = null;

  private spawnerCandidates(g: Goroutine, shared: string): readonly AccessSite[] {
    if (!this.byKeyBody) {
      this.byKeyBody = new Map();
      for (const s of this.accesses) {
        const k = `${s.map.key}|${this.facts.body(s.fn.id)}`;
        const list = this.byKeyBody.get(k);
        if (list) list.push(s);
        else this.byKeyBody.set(k, [s]);
      }
    }
    return this.byKeyBody.get(`${shared}|${this.spawnerBody(g)}`) ?? [];
  }

  /**
   * Pairs of accesses that race, indexed so that only candidates that can race are compared: a goroutine's access
   * against the accesses of the same map in its spawner's body (not every access of the map), and against the same
   * map's accesses in goroutines of the same spawner, nearest first, stopping at the first that races. A write needs
   * one partner to be reported (findings are one a line), so a thousand goroutines writing one map cost a thousand
   * comparisons, not a million.
   */
  pairs(): RacePair[] {
    const goroutines = this.facts.goroutines;
    const bodies = new Map<number, BodyAccess[]>();
    for (const g of goroutines) bodies.set(g.index, this.bodyAccesses(g));
    // The accesses of goroutines of one spawner's body, by the map they share, in start order.
    const siblings = new Map<string, Sibling[]>();
    const position = new Map<string, number>();
    for (const g of goroutines) {
      const b = this.spawnerBody(g);
      if (b === -1 || g.kind === "handler") continue;
      for (const { e, shared } of bodies.get(g.index) ?? []) {
        const k = `${b}|${shared}`;
        let list = siblings.get(k);
        if (!list) siblings.set(k, (list = []));
        let at = position.get(`${k}|${g.index}`);
        if (at === undefined) {
          position.set(`${k}|${g.index}`, (at = list.length));
          list.push({ g, kinds: new Map() });
        }
        // Accesses alike in what a partner's check reads (read or write, the mutexes held) stand for each other.
        const kind = `${e.access}|${e.held.map((h) => `${this.key(e, h)}:${h.mode}`).join(",")}`;
        const group = list[at];
        if (group && !group.kinds.has(kind)) group.kinds.set(kind, e);
      }
    }
    const handlers = goroutines.filter((h) => h.kind === "handler");
    const pairs: RacePair[] = [];
    for (const g of goroutines) {
      if (g.kind === "handler") continue;
      const body = bodies.get(g.index) ?? [];
      for (const { e, shared } of body) {
        for (const o of this.spawnerCandidates(g, shared)) {
          // A goroutine's access against its spawner's accesses of the same map: inherently accesses times accesses
          // within one function, so it answers to the package's budget.
          this.pkg.budget.check("map-goroutine-race");
          if (!this.concurrentWithSpawner(g, o) || !this.unguarded(e, o)) continue;
          pairs.push(spawnerPair(g, e, o, shared));
        }
        if (g.loop && e.access === "write" && this.sharedByCopies(g, shared) && this.unguarded(e, e)) {
          pairs.push({ shape: "copies", access: e, other: e, goroutine: g, otherGoroutine: g, shared });
        }
        if (e.access === "write") {
          const k = `${this.spawnerBody(g)}|${shared}`;
          const partner = this.siblingPartner(g, e, siblings.get(k) ?? [], position.get(`${k}|${g.index}`) ?? -1);
          // A locked write against an unlocked one is reported where the lock is missing, as the spawner's pairs are.
          const there = partner !== null && e.held.length > 0 && partner.e.held.length === 0 && partner.e.access === "write";
          if (partner && there) pairs.push({ shape: "goroutines", access: partner.e, other: e, goroutine: partner.g, otherGoroutine: g, shared });
          else if (partner) pairs.push({ shape: "goroutines", access: e, other: partner.e, goroutine: g, otherGoroutine: partner.g, shared });
        }
      }
      if (!this.detached(g)) continue;
      for (const h of handlers) {
        for (const { e, shared } of body) {
          if (e.access !== "write" || !shared.startsWith("pkg:")) continue;
          const other = (bodies.get(h.index) ?? []).find((o) => o.shared === shared && this.unguarded(e, o.e));
          if (other) pairs.push({ shape: "handler", access: e, other: other.e, goroutine: g, otherGoroutine: h, shared });
        }
      }
    }
    return pairs;
  }

  /**
   * The nearest access of the same map in another goroutine of the same spawner that runs alongside `g` and is not
   * guarded by a lock both hold; at most MAX_SIBLING_CANDIDATES are tried, nearest in start order first (a goroutine
   * joined before the next starts is joined before the later ones too, so the near ones are where a race shows).
   */
  private siblingPartner(g: Goroutine, e: AccessSite, list: readonly Sibling[], at: number): { g: Goroutine; e: AccessSite } | null {
    if (at < 0) return null;
    for (let d = 1; d <= MAX_SIBLING_CANDIDATES && (at - d >= 0 || at + d < list.length); d++) {
      for (const i of [at - d, at + d]) {
        const c = list[i];
        if (!c) continue;
        this.pkg.budget.check("map-goroutine-race");
        const [first, later] = c.g.at < g.at ? [c.g, g] : [g, c.g];
        if (!this.overlaps(first, later)) continue;
        for (const o of c.kinds.values()) if (this.unguarded(e, o)) return { g: c.g, e: o };
      }
    }
    return null;
  }
}

/** Goroutines of one spawner compared with each goroutine's write, nearest first, on each side: past them, a race is not looked for (explicit cap). */
const MAX_SIBLING_CANDIDATES = 64;

function indexOf(g: Goroutine): number {
  const block = g.spawner?.blocks[g.block];
  return block && g.instr ? block.instrs.indexOf(g.instr) : 0;
}

const before = (a: { line: number; column: number }, b: { line: number; column: number }): boolean =>
  a.line < b.line || (a.line === b.line && a.column < b.column);
/** Whether span `inner` starts inside `outer`. */
function within(outer: { line: number; column: number; endLine: number; endColumn: number }, inner: { line: number; column: number }): boolean {
  return !before(inner, outer) && before(inner, { line: outer.endLine, column: outer.endColumn });
}

/**
 * Which side of a spawner/goroutine pair the finding sits on: the side
 * without a lock when the other has one (that is where the fix goes), else
 * the write, else the spawner's side.
 */
function spawnerPair(g: Goroutine, inGoroutine: AccessSite, inSpawner: AccessSite, shared: string): RacePair {
  const locked = (e: AccessSite) => e.held.length > 0;
  let goroutineSide = inSpawner.access !== "write";
  if (locked(inGoroutine) !== locked(inSpawner)) goroutineSide = !locked(inGoroutine);
  return goroutineSide
    ? { shape: "spawner", access: inGoroutine, other: inSpawner, goroutine: g, otherGoroutine: null, shared }
    : { shape: "spawner", access: inSpawner, other: inGoroutine, goroutine: null, otherGoroutine: g, shared };
}

function report(pkg: PackageFacts, race: Races, pair: RacePair): Finding {
  const { access, other } = pair;
  const name = race.names.get(pair.shared) ?? access.map.name;
  const spawned = pair.goroutine ?? pair.otherGoroutine;
  const wrap = guardWrapFix(pkg, access, reportedStatement(pkg, access.fn, access.instr));
  const hint = wrap ? `\`${wrap.mutex}\` guards \`${name}\` elsewhere: hold it here too.` : HINTS[pair.shape];
  const recovers = [pair.goroutine, pair.otherGoroutine].some((g) => g?.recovers === true);
  const spawnLine = (g: Goroutine | null) => g?.site.line ?? 0;
  const params: Record<string, string | number> = {
    name,
    verb: verb(access),
    otherVerb: other.access === "write" ? "writes" : "reads",
    goLine: spawnLine(spawned),
    otherGoLine: spawnLine(pair.otherGoroutine),
    otherLine: other.instr.span.line,
    fatal: fatalText(access, other),
    recover: recovers ? RECOVER : "",
    hint,
    handler: handlerName(pkg, pair.otherGoroutine),
  };
  const [messageId, related] = texts(pair);
  const relatedLocation = pair.shape === "copies" && spawned ? locationOf(spawned.path, spawned.site) : locationOf(other.fn.path, reportedStatement(pkg, other.fn, other.instr));
  return makeFinding(mapGoroutineRace, pkg, {
    messageId,
    params,
    subject: name,
    location: locationOf(access.fn.path, reportedStatement(pkg, access.fn, access.instr)),
    related: [{ location: relatedLocation, messageId: related }],
    ...(wrap ? { fix: wrap.fix } : {}),
  });
}

function texts(pair: RacePair): [MapGoroutineRaceMessage, MapGoroutineRaceMessage] {
  switch (pair.shape) {
    case "spawner":
      return pair.goroutine ? ["inGoroutine", "otherInSpawner"] : ["spawner", "otherInGoroutine"];
    case "copies":
      return ["copies", "goStatement"];
    case "goroutines":
      return ["goroutines", "otherGoroutine"];
    case "handler":
      return ["handler", "otherHandler"];
  }
}

function verb(e: AccessSite): string {
  if (e.instr.kind === "delete") return "deleted from";
  if (e.instr.kind === "range") return "iterated";
  return e.access === "write" ? "written" : "read";
}

function fatalText(a: AccessSite, b: AccessSite): string {
  if (a.access === "write" && b.access === "write") return "concurrent map writes";
  if (a.instr.kind === "range" || b.instr.kind === "range") return "concurrent map iteration and map write";
  return "concurrent map read and map write";
}

function handlerName(pkg: PackageFacts, g: Goroutine | null): string {
  if (!g || g.kind !== "handler" || g.body === null) return "";
  const fn = pkg.ir.functions[g.body];
  return fn && !g.literal ? `\`${methodLabel(fn)}\`` : `registered at line ${g.site.line}`;
}
