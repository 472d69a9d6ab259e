// net/http (and gin) handlers, found by their signature as the server sees
// them, and the code each runs per request: the handler and the function
// literals it calls in place, but not the literals it starts as goroutines,
// registers as handlers of their own, or runs once under sync.Once.
import type { IrFunction, Span, TypeRef } from "../../lower/ir.js";
import type { PackageFacts } from "../../package-facts.js";
import type { FuncDecl } from "../../semantic/decl-types.js";

export interface Handler {
  fn: IrFunction;
  /** The declaration of a named handler (its name's span says where it is); null for a literal. */
  decl: FuncDecl | null;
  /** For a named handler, its name; for a literal, the literal itself. */
  site: Span;
}

const HANDLER_SIGNATURES = new Set(["http.ResponseWriter,*http.Request", "*gin.Context"]);

const typeText = (t: TypeRef): string => t.text.replace(/\s+/g, "");

export function funcDeclOf(pkg: PackageFacts, fn: IrFunction): FuncDecl | null {
  return declIndex(pkg).get(`${fn.path}:${fn.span.line}:${fn.span.column}`) ?? null;
}

const declCache = new WeakMap<PackageFacts, Map<string, FuncDecl>>();
function declIndex(pkg: PackageFacts): Map<string, FuncDecl> {
  let index = declCache.get(pkg);
  if (!index) {
    index = new Map();
    for (const d of pkg.semantic.decls.funcs) index.set(`${d.path}:${d.span.line}:${d.span.column}`, d);
    declCache.set(pkg, index);
  }
  return index;
}

function paramTypes(pkg: PackageFacts, fn: IrFunction, decl: FuncDecl | null): string[] | null {
  if (decl) return decl.params.map((p) => typeText(p.type));
  if (fn.parent === null) return null;
  const parent = pkg.ir.functions[fn.parent];
  const t = parent ? pkg.semantic.typeOfValue(parent, { kind: "closure", fn: fn.id }) : null;
  if (t?.kind === "func") return t.params.map(typeText);
  // Named parameters carry their written types; an unnamed one leaves a gap we cannot fill.
  const params = fn.vars.filter((v) => v.kind === "param");
  if (params.some((v) => v.type === null)) return null;
  return params.sort((a, b) => (a.index ?? 0) - (b.index ?? 0)).map((v) => typeText(v.type as TypeRef));
}

const handlerCache = new WeakMap<PackageFacts, Handler[]>();

/** Every function, method and literal of the package with a handler's signature, in IR order. */
export function handlers(pkg: PackageFacts): readonly Handler[] {
  let out = handlerCache.get(pkg);
  if (out) return out;
  out = [];
  for (const fn of pkg.ir.functions) {
    if (fn.name.startsWith("<vars>") && fn.kind !== "closure") continue;
    const decl = fn.kind === "closure" ? null : funcDeclOf(pkg, fn);
    const types = paramTypes(pkg, fn, decl);
    if (!types || !HANDLER_SIGNATURES.has(types.join(","))) continue;
    out.push({ fn, decl, site: decl ? decl.declared : fn.span });
  }
  handlerCache.set(pkg, out);
  return out;
}

/** Literals that run on their own rather than in place: goroutines (`go`, `g.Go`, `time.AfterFunc`) and handlers. */
export function separateBodies(pkg: PackageFacts): Set<number> {
  const out = new Set<number>();
  for (const site of pkg.semantic.callGraph.sites) {
    if (site.op !== "go") continue;
    for (const t of site.targets) if (pkg.ir.functions[t.fn]?.kind === "closure") out.add(t.fn);
  }
  for (const h of handlers(pkg)) if (h.fn.kind === "closure") out.add(h.fn.id);
  return out;
}

/** Literals passed to `once.Do`: they run once, whoever calls. */
export function onceBodies(pkg: PackageFacts): Set<number> {
  const out = new Set<number>();
  for (const fn of pkg.ir.functions) {
    for (const block of fn.blocks) {
      for (const instr of block.instrs) {
        if (instr.op !== "call" || instr.call.callee.kind !== "method" || instr.call.callee.name !== "Do") continue;
        const arg = instr.call.args[0];
        if (arg?.kind !== "closure") continue;
        if (pkg.semantic.libraryKind(pkg.semantic.typeOf(fn, instr.call.callee.recv)) === "once") out.add(arg.fn);
      }
    }
  }
  return out;
}

/** The handler each function runs in place for, by function id: the handler itself and its in-place literals. */
export function handlerOfFunction(pkg: PackageFacts): Map<number, Handler> {
  const separate = separateBodies(pkg);
  const byId = new Map<number, Handler>();
  for (const h of handlers(pkg)) byId.set(h.fn.id, h);
  const out = new Map<number, Handler>();
  for (const fn of pkg.ir.functions) {
    let id: number | null = fn.id;
    while (id !== null) {
      const h = byId.get(id);
      if (h) {
        out.set(fn.id, h);
        break;
      }
      if (separate.has(id)) break;
      id = pkg.ir.functions[id]?.parent ?? null;
    }
  }
  return out;
}

const bodyCache = new WeakMap<PackageFacts, Map<number, number>>();

/**
 * The body a function runs in, by function id: itself when it runs on its
 * own (a top-level function, a goroutine's literal, a handler literal), else
 * the body of the function whose code holds it (a literal called in place).
 */
export function bodyOf(pkg: PackageFacts, fnId: number): number {
  let cache = bodyCache.get(pkg);
  if (!cache) {
    cache = new Map();
    const separate = separateBodies(pkg);
    const known = cache;
    const resolve = (id: number): number => {
      const seen = known.get(id);
      if (seen !== undefined) return seen;
      const parent = pkg.ir.functions[id]?.parent ?? null;
      const b = parent === null || separate.has(id) ? id : resolve(parent);
      known.set(id, b);
      return b;
    };
    for (const fn of pkg.ir.functions) resolve(fn.id);
    bodyCache.set(pkg, cache);
  }
  return cache.get(fnId) ?? fnId;
}
