// The fix map-goroutine-race and map-handler-write offer on the semantic
// layer: when a mutex already guards the map elsewhere (held at most of its
// accesses), hold it around the unguarded access. Offered only for a simple
// statement alone on its line that holds no lock yet (a second lock, or the
// same one again, could deadlock).
import type { HeldMutex } from "../../flow/locks-held.js";
import type { IrFunction, Path } from "../../lower/ir.js";
import type { PackageFacts } from "../../package-facts.js";
import type { Fix } from "../../types.js";
import { aloneOnLine } from "./fix-sites.js";
import { type AccessSite, mapAccessSites, originOf, structOwner, topLevelOf } from "./map-access-sites.js";

export interface WrapFix {
  fix: Fix;
  /** How the mutex is written at the access, e.g. `mu`, `c.mu`. */
  mutex: string;
}

interface Guard {
  key: string;
  /** `pkg`, `field` (of a struct type) or `local` (a variable of one function). */
  scope: "pkg" | "field" | "local";
  /** Package or local mutex: its name; field: the field's name. */
  name: string;
  /** For a local mutex: the top-level function declaring it. */
  top: number | null;
  rw: boolean;
  /** The lock as written names the field itself (`c.Mutex.Lock()`), not only its holder (`c.Lock()`). */
  spelled: boolean;
  count: number;
}

const COMPOUND = /^(?:if|for|switch|select|return|defer|go|goto|break|continue|fallthrough|case|default)\b|[{}]|^\w+:$/;

const tallies = new WeakMap<PackageFacts, Map<string, Guard | null>>();

/** The mutex most of the map's accesses hold, package-wide; null when none holds one. */
function guardOf(pkg: PackageFacts, mapKey: string): Guard | null {
  let cached = tallies.get(pkg);
  if (!cached) tallies.set(pkg, (cached = buildGuards(pkg)));
  return cached.get(mapKey) ?? null;
}

function buildGuards(pkg: PackageFacts): Map<string, Guard | null> {
  const tally = new Map<string, Map<string, Guard>>();
  for (const site of mapAccessSites(pkg)) {
    let byMutex = tally.get(site.map.key);
    if (!byMutex) tally.set(site.map.key, (byMutex = new Map()));
    const seen = new Set<string>();
    for (const held of site.held) {
      const g = describeMutex(pkg, site.fn, held);
      if (!g || seen.has(g.key)) continue;
      seen.add(g.key);
      const known = byMutex.get(g.key);
      if (known) known.count++;
      else byMutex.set(g.key, g);
    }
  }
  const out = new Map<string, Guard | null>();
  for (const [key, byMutex] of tally) {
    let best: Guard | null = null;
    for (const g of byMutex.values()) if (!best || g.count > best.count) best = g;
    out.set(key, best);
  }
  return out;
}

/** A held mutex's identity across the package (`pkg.mu`, `T.mu`, `fn3.mu`); null when it has none. */
export function mutexKey(pkg: PackageFacts, fn: IrFunction, held: HeldMutex): string | null {
  return describeMutex(pkg, fn, held)?.key ?? null;
}

function describeMutex(pkg: PackageFacts, fn: IrFunction, held: HeldMutex): Guard | null {
  const path = held.mutex;
  if (path.truncated || path.root.kind === "external") return null;
  const rw = pkg.semantic.isMutex(pkg.semantic.typeOf(fn, path)) === "rwmutex";
  const written = held.lockedAt?.op === "lock" ? held.lockedAt.mutex : path;
  const last = path.selectors[path.selectors.length - 1];
  if (path.selectors.length === 0) {
    if (path.root.kind === "package") return { key: `pkg.${path.root.name}`, scope: "pkg", name: path.root.name, top: null, rw, spelled: true, count: 1 };
    const origin = originOf(pkg, fn.id, path.root.var);
    const v = pkg.ir.functions[origin.fn]?.vars[origin.var];
    if (!v) return null;
    const top = topLevelOf(pkg, origin.fn);
    return { key: `fn${top}.${v.name}`, scope: "local", name: v.name, top, rw, spelled: true, count: 1 };
  }
  if (last?.kind !== "field" || path.selectors.some((s) => s.kind !== "field" && s.kind !== "deref")) return null;
  const base: Path = { root: path.root, selectors: path.selectors.slice(0, -1) };
  const owner = structOwner(pkg, fn, base);
  if (owner === null) return null;
  const spelled = written.selectors.length === path.selectors.length;
  return { key: `${owner}.${last.name}`, scope: "field", name: last.name, top: null, rw, spelled, count: 1 };
}

/** How to name the guard at the access: `mu`, or `c.mu` for a field of the value the map field is reached through. */
function lockText(pkg: PackageFacts, guard: Guard, site: AccessSite): string | null {
  if (guard.scope !== "field") return guard.name;
  const base = site.map.base;
  if (!base || !site.map.direct || base.root.kind !== "var") return null;
  const text = site.fn.vars[base.root.var]?.name;
  if (!text) return null;
  const embeddedBare = (guard.name === "Mutex" || guard.name === "RWMutex") && !guard.spelled;
  return embeddedBare ? text : `${text}.${guard.name}`;
}

/** `stmt` is the statement the finding points at (the access's own, unless it sits in a compound statement's header). */
export function guardWrapFix(pkg: PackageFacts, site: AccessSite, stmt = site.instr.stmt): WrapFix | null {
  if (site.held.length > 0) return null;
  const guard = guardOf(pkg, site.map.key);
  if (!guard) return null;
  if (guard.scope === "local" && guard.top !== topLevelOf(pkg, site.fn.id)) return null;
  const text = lockText(pkg, guard, site);
  if (!text) return null;
  const st = stmt;
  const file = pkg.files.find((f) => f.path === site.fn.path);
  const line = file?.lines[st.line - 1];
  if (line === undefined || st.line !== st.endLine) return null;
  const indent = aloneOnLine(line, true, st.column - 1, st.endColumn - 1)?.indent ?? null;
  const code = line.slice(st.column - 1, st.endColumn - 1).trim();
  if (indent === null || COMPOUND.test(code)) return null;
  const read = site.access === "read" && guard.rw;
  const [lock, unlock] = read ? ["RLock", "RUnlock"] : ["Lock", "Unlock"];
  return {
    mutex: text,
    fix: {
      description: `Hold \`${text}\` around the access, as the other accesses to \`${site.map.name}\` do`,
      edits: [{ path: site.fn.path, startLine: st.line, endLine: st.line, replacement: `${indent}${text}.${lock}()\n${line}\n${indent}${text}.${unlock}()` }],
    },
  };
}
