// A callee's summary seen from one call site: its accesses, goroutines and
// waits with the callee's roots replaced by the caller's paths, the caller's
// locks at the site added (less those the callee releases first), and the
// call site prepended to each chain.
import type { IrFunction, Path } from "../lower/ir.js";
import type { SemanticModel } from "../semantic/semantic-model.js";
import { unionLocks, withoutReleased } from "./lock-sets.js";
import type { Binding } from "./substitute.js";
import { copiedRoot, substitutePath } from "./substitute.js";
import type { GoStart, Hop, MapAccess, SummaryLock, WaitPoint } from "./summary-types.js";
import { pathKey } from "../flow/path-key.js";

/** Chains longer than this keep their first hops: the origin still says where the access is. */
export const MAX_CHAIN = 12;

export interface Site {
  binding: Binding;
  hop: Hop;
  /** The caller's locks when the callee runs. */
  held: readonly SummaryLock[];
  /** The caller's callers' locks released before the site. */
  released: readonly SummaryLock[];
  owns(path: Path): boolean;
}

export function composeAccess(semantic: SemanticModel, site: Site, a: MapAccess): MapAccess | null {
  const { binding } = site;
  if (a.local) return null;
  // Assigning the callee's own parameter, or a field of its copy of a value, changes nothing the caller sees.
  if (a.kind === "replace" && (isPlainParam(binding.callee, a.path) || copiedRoot(semantic, binding.callee, a.path))) return null;
  const path = substitutePath(binding, a.path);
  if (!path) return null;
  const released = unionLocks(substituteLocks(semantic, binding, a.released), site.released);
  const locks = unionLocks(substituteLocks(semantic, binding, a.locks), withoutReleased(site.held, released));
  return {
    kind: a.kind,
    path,
    key: pathKey(path),
    local: isLocalRoot(binding.caller, path),
    owned: site.owns(path),
    locks,
    released,
    chain: prepend(site.hop, a.chain),
    origin: a.origin,
  };
}

export function composeGo(semantic: SemanticModel, site: Site, g: GoStart): GoStart {
  const sub = (p: Path | null): Path | null => (p ? substitutePath(site.binding, p) : null);
  return {
    ...g,
    receiver: sub(g.receiver),
    args: g.args.map(sub),
    locks: unionLocks(substituteLocks(semantic, site.binding, g.locks), site.held),
    chain: prepend(site.hop, g.chain),
  };
}

export function composeWait(site: Site, w: WaitPoint): WaitPoint {
  return { ...w, on: w.on ? substitutePath(site.binding, w.on) : null, chain: prepend(site.hop, w.chain) };
}

/** The callee's locks in the caller's terms; a lock on the callee's local, or on its copy of a value, is no lock the caller can share. */
export function substituteLocks(semantic: SemanticModel, b: Binding, locks: readonly SummaryLock[]): SummaryLock[] {
  const out: SummaryLock[] = [];
  for (const l of locks) {
    if (copiedRoot(semantic, b.callee, l.mutex)) continue;
    const mutex = substitutePath(b, l.mutex);
    // A cut path stands for some longer one: two of them never name the same mutex for sure, so it guards nothing.
    if (mutex && !mutex.truncated) out.push({ key: pathKey(mutex), mutex, mode: l.mode });
  }
  return out;
}

export function isLocalRoot(fn: IrFunction, path: Path): boolean {
  if (path.root.kind !== "var") return false;
  const kind = fn.vars[path.root.var]?.kind;
  return kind === "local" || kind === "temp" || kind === "result";
}

function isPlainParam(fn: IrFunction, path: Path): boolean {
  if (path.root.kind !== "var" || path.selectors.length > 0) return false;
  const kind = fn.vars[path.root.var]?.kind;
  return kind === "param" || kind === "receiver";
}

function prepend(hop: Hop, chain: readonly Hop[]): readonly Hop[] {
  return chain.length >= MAX_CHAIN ? [hop, ...chain.slice(0, MAX_CHAIN - 1)] : [hop, ...chain];
}
