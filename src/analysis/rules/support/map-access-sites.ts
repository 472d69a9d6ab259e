// Every read and write of a map's contents in a package, as the concurrency
// ports ask about it: which map it touches (a package variable, a field of a
// struct type, or a variable of one function, the same key from every
// function and closure that names it), the value a field is reached through,
// and the mutexes held before it on every path (flow/locks-held.ts).
import { type HeldMutex, locksHeld } from "../../flow/locks-held.js";
import type { AccessKind, Instr, IrFunction, Path, Span } from "../../lower/ir.js";
import type { PackageFacts } from "../../package-facts.js";

export type AccessOp = Extract<Instr, { op: "access" }>;

/** The map an access touches, as one identity across the package. */
export interface MapIdentity {
  /** `pkg:m`, `field:T.f`, `var:<fn>:<var>`. */
  key: string;
  kind: "package" | "field" | "variable";
  /** The map's own name: the variable or the field. */
  name: string;
  /** For a field: the struct type declaring it. */
  owner: string | null;
  /** For a field: the value it is reached through (the path before `.f`), and whether that is a variable itself (`x.f`). */
  base: Path | null;
  direct: boolean;
  /** For a variable: the function and Var that declare it (captured variables are followed out). */
  origin: { fn: number; var: number } | null;
}

export interface AccessSite {
  fn: IrFunction;
  instr: AccessOp;
  /** Position of the instruction in its function: block and index. */
  block: number;
  index: number;
  map: MapIdentity;
  /** Reads and writes as the rules count them: `m[k] = v` and `delete` write; reads, `len` and `range` read. */
  access: "read" | "write";
  held: readonly HeldMutex[];
}

const cache = new WeakMap<PackageFacts, AccessSite[]>();

/** Accesses of the package in function order, then source order within each function. */
export function mapAccessSites(pkg: PackageFacts): readonly AccessSite[] {
  let sites = cache.get(pkg);
  if (!sites) cache.set(pkg, (sites = collect(pkg)));
  return sites;
}

function accessOf(kind: AccessKind): "read" | "write" | null {
  if (kind === "write" || kind === "delete") return "write";
  if (kind === "read" || kind === "len" || kind === "range") return "read";
  return null;
}

function collect(pkg: PackageFacts): AccessSite[] {
  const out: AccessSite[] = [];
  for (const fn of pkg.ir.functions) {
    let locks: ReturnType<typeof locksHeld> | null = null;
    for (const block of fn.blocks) {
      block.instrs.forEach((instr, index) => {
        if (instr.op !== "access") return;
        const access = accessOf(instr.kind);
        if (!access) return;
        const map = mapIdentity(pkg, fn, instr.path);
        if (!map) return;
        locks ??= locksHeld(fn);
        out.push({ fn, instr, block: block.id, index, map, access, held: locks.before(instr) ?? [] });
      });
    }
  }
  return out;
}

/** The map a path indexes: `m[a][b]` writes an inner map of `m`, which the rules count as an access of `m`. */
export function mapIdentity(pkg: PackageFacts, fn: IrFunction, written: Path): MapIdentity | null {
  const cut = written.selectors.findIndex((s) => s.kind !== "field");
  const path: Path = cut < 0 ? written : { root: written.root, selectors: written.selectors.slice(0, cut) };
  if (path.root.kind === "external") return null;
  const type = pkg.semantic.typeOf(fn, path);
  // http.Header and url.Values are maps, but the rules leave them to the library-map checks, as the rules before the semantic layer do.
  if (!pkg.semantic.isMapType(type) || pkg.semantic.libraryKind(type) !== null) return null;
  const last = path.selectors[path.selectors.length - 1];
  if (last?.kind === "field") {
    const base: Path = { root: path.root, selectors: path.selectors.slice(0, -1) };
    const owner = structOwner(pkg, fn, base);
    if (owner === null) return null;
    return { key: `field:${owner}.${last.name}`, kind: "field", name: last.name, owner, base, direct: base.selectors.length === 0, origin: null };
  }
  if (path.root.kind === "package") {
    return { key: `pkg:${path.root.name}`, kind: "package", name: path.root.name, owner: null, base: null, direct: false, origin: null };
  }
  const origin = originOf(pkg, fn.id, path.root.var);
  const v = pkg.ir.functions[origin.fn]?.vars[origin.var];
  if (!v) return null;
  return { key: `var:${origin.fn}:${origin.var}`, kind: "variable", name: v.name, owner: null, base: null, direct: false, origin };
}

/** The function and Var that declare a variable, following captured variables out to their declaration. */
export function originOf(pkg: PackageFacts, fnId: number, varId: number): { fn: number; var: number } {
  let at = { fn: fnId, var: varId };
  for (let i = 0; i < 64; i++) {
    const v = pkg.ir.functions[at.fn]?.vars[at.var];
    if (!v || v.kind !== "captured" || !v.outer) break;
    at = { fn: v.outer.fn, var: v.outer.var };
  }
  return at;
}

/** The top-level function (not a closure) whose body holds `fnId`. */
export function topLevelOf(pkg: PackageFacts, fnId: number): number {
  let id = fnId;
  for (let fn = pkg.ir.functions[id]; fn && fn.parent !== null; fn = pkg.ir.functions[id]) id = fn.parent;
  return id;
}

/** Whether offset `at`... expressed on spans: `a` starts before `b`. */
export function startsBefore(a: Span, b: Span): boolean {
  return a.line < b.line || (a.line === b.line && a.column < b.column);
}

/** The struct type a value (or what a pointer points to) has, by name; null for an anonymous or unknown struct. */
export function structOwner(pkg: PackageFacts, fn: IrFunction, path: Path): string | null {
  const t = pkg.semantic.typeOf(fn, path);
  return pkg.semantic.structOf(t?.kind === "pointer" ? t.elem : t)?.owner ?? null;
}
