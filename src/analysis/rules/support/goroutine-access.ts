// Questions the concurrency rules ask of the goroutine facts: which map
// accesses a concurrent body makes, which map of the spawner each one
// touches, and whether a spawner's access runs alongside the body or after a
// join. See RULES.md, "Which code runs concurrently".
import type { Goroutine, JoinPoint } from "../../model/goroutine-types.js";
import type { MapEvent, PackageModel, Span } from "../../model/model-types.js";

export type Access = "read" | "write";

/** Reads and writes of a map's contents; `m = make(...)`, `&m`, passing `m` on are neither. */
export function accessOf(e: MapEvent): Access | null {
  switch (e.kind) {
    case "write":
    case "delete":
      return "write";
    case "read":
    case "len":
    case "range":
      return "read";
    default:
      return null;
  }
}

/** Every read and write of the package, in the order of `pkg.events`. */
export function allAccesses(pkg: PackageModel): MapEvent[] {
  const out: MapEvent[] = [];
  for (const list of pkg.events.values()) for (const e of list) if (accessOf(e)) out.push(e);
  return out;
}

/** Whether `e` happens inside `g`'s body (a nested goroutine's body is its own). */
export function inBody(g: Goroutine, e: MapEvent): boolean {
  if (g.closure !== null) return e.context.goroutine === g.index;
  return g.target !== null && e.context.functionIndex === g.target && e.context.goroutine === null;
}

/** Whether `e` runs in the code that spawned `g` (the same function, the same enclosing body). */
export function inSpawner(g: Goroutine, e: MapEvent): boolean {
  return e.context.functionIndex === g.functionIndex && e.context.goroutine === g.parent && e.location.path === g.path;
}

const within = (span: Span, at: number): boolean => at >= span.start && at < span.end;

/**
 * The map of the spawner's frame (or the package) that the body's access `e`
 * touches: a captured variable, a package-level map, or the argument behind a
 * parameter. Null for maps of the body's own (a new one per goroutine) and for
 * what cannot be traced.
 */
export function sharedSymbol(g: Goroutine, e: MapEvent): number | null {
  const s = e.symbol;
  if (s.kind === "package") return s.id;
  if (s.kind === "field") return null;
  if (g.closure !== null && g.body) {
    if (s.functionIndex !== g.functionIndex || s.path !== g.path) return null;
    if (s.kind === "param" && s.closure === g.closure) return argumentSymbol(g, s.name);
    return within(g.body, s.at) || s.closure >= g.closure ? null : s.id;
  }
  if (s.functionIndex === g.target && s.kind === "param" && s.closure === 0) return argumentSymbol(g, s.name);
  return null;
}

function argumentSymbol(g: Goroutine, param: string): number | null {
  const i = g.params.indexOf(param);
  return i >= 0 && i < g.args.length ? (g.args[i]?.symbol ?? null) : null;
}

/** Whether `join` waits for `g`: `wg.Wait()`/`g.Wait()`, or a receive from a channel `g` sends on or closes. */
function joins(g: Goroutine, join: JoinPoint): boolean {
  if (join.functionIndex !== g.functionIndex || join.goroutine !== g.parent) return false;
  return join.kind === "wait" || (join.channel !== null && g.sendsOn.includes(join.channel));
}

/**
 * Whether the spawner's access `e` may run while `g` runs: it follows the
 * spawn with no join in between that dominates it, or it sits in the loop
 * that starts `g`, where the next iteration runs alongside the last copy.
 */
export function concurrentWithSpawner(pkg: PackageModel, g: Goroutine, e: MapEvent): boolean {
  if (!inSpawner(g, e) || g.kind === "handler" || within(g.site, e.at)) return false;
  const ownJoins = pkg.concurrency.joins.filter((j) => joins(g, j) && j.at >= g.site.end);
  // A join later in the spawn's own block runs before anything after that block (a loop body's `wg.Wait()`).
  if (e.at >= g.site.end) return !ownJoins.some((j) => j.at < e.at && (within(j.block, e.at) || within(j.block, g.site.start)));
  const loop = g.loops[g.loops.length - 1];
  if (!loop || !within(loop, e.at)) return false;
  return !ownJoins.some((j) => within(loop, j.at));
}

/** Whether `g` may still run when `later` starts: both from one spawner, and no join for `g` in between. */
export function overlaps(pkg: PackageModel, g: Goroutine, later: Goroutine): boolean {
  if (g.kind === "handler" || later.kind === "handler") return false;
  if (g.functionIndex !== later.functionIndex || g.parent !== later.parent || g.path !== later.path) return false;
  if (later.site.start < g.site.end) return false;
  return !pkg.concurrency.joins.some(
    (j) =>
      joins(g, j) && j.at >= g.site.end && j.at < later.site.start && (within(j.block, later.site.start) || within(j.block, g.site.start)),
  );
}

/** Whether `g` is never waited for by its spawner: it outlives the call that starts it. */
export function detached(pkg: PackageModel, g: Goroutine): boolean {
  return g.kind !== "handler" && !pkg.concurrency.joins.some((j) => joins(g, j) && j.at >= g.site.end);
}

/** Whether `g` is started in a loop of its spawner and so runs in many copies at once. */
export function manyCopies(g: Goroutine): boolean {
  return g.kind !== "handler" && g.loops.length > 0;
}

/**
 * Whether a map of the spawner's frame is the same map in every copy of a
 * goroutine started in a loop: declared before the loop, not inside it.
 */
export function sharedByCopies(pkg: PackageModel, g: Goroutine, symbolId: number): boolean {
  const s = pkg.symbols[symbolId];
  const loop = g.loops[g.loops.length - 1];
  if (!s || !loop) return false;
  if (s.kind === "package" || s.functionIndex !== g.functionIndex) return true;
  return !within(loop, s.at);
}

/** Events of function literals passed to `once.Do`: they run once, not per caller. */
export function underOnce(pkg: PackageModel, e: MapEvent): boolean {
  return pkg.concurrency.once.some((o) => o.functionIndex === e.context.functionIndex && o.closure === e.context.closure);
}
