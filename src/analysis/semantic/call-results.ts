// The types of a call's results, as far as declarations tell: a package
// function's or method's declared results (instantiated), a func value's
// type, a closure's results, the few library functions mapguard knows.
import type { Call, IrFunction, Path, TypeRef, Value } from "../lower/ir.js";
import type { FunctionIndex } from "./function-index.js";
import { libraryFuncResults, libraryMethodResults } from "./library.js";
import { instantiate, methodSignature, type SelectorContext } from "./selector-types.js";
import { derefAll } from "./type-refs.js";

/** What call-result typing needs from type inference. */
export interface TypeQueries extends SelectorContext {
  index: FunctionIndex;
  typeOf(fn: IrFunction, path: Path): TypeRef | null;
  typeOfValue(fn: IrFunction, value: Value): TypeRef | null;
  /** A package-level name's type: a variable's, or a function's signature. */
  packageType(name: string): TypeRef | null;
}

export function callResultTypes(q: TypeQueries, fn: IrFunction, call: Call): readonly (TypeRef | null)[] | null {
  const c = call.callee;
  switch (c.kind) {
    case "func": {
      const [i] = q.index.funcDecls(c.name);
      const decl = i === undefined ? null : q.funcs[i];
      if (decl) {
        const params = decl.typeParams.map((p) => p.name);
        return decl.results.map((r) => instantiate(r.type, params, c.typeArgs ?? []));
      }
      return funcResults(q, q.packageType(c.name));
    }
    case "method": {
      const recv = q.typeOf(fn, c.recv);
      if (!recv) return null;
      const kind = q.types.libraryKindOf(derefAll(recv));
      if (kind) return libraryMethodResults(kind, c.name);
      const m = q.sets.member(recv, c.name);
      if (!m) return null;
      if (m.kind === "field") return funcResults(q, m.type);
      if (m.kind === "library-method") {
        const lib = q.types.libraryKindOf(m.library);
        return lib ? libraryMethodResults(lib, c.name) : null;
      }
      return methodSignature(q, recv, m)?.results ?? null;
    }
    case "method-expr": {
      const m = q.sets.member(c.type, c.name);
      return m && m.kind !== "field" ? (methodSignature(q, c.type, m)?.results ?? null) : null;
    }
    case "external":
      return libraryFuncResults(c.pkg, c.name);
    case "value":
      return funcResults(q, q.typeOf(fn, c.path));
    case "closure": {
      const closure = q.index.fn(c.fn);
      return closure ? closure.results.map((v) => closure.vars[v]?.type ?? null) : null;
    }
    case "builtin":
      // append, min and max give their first argument's type; the others give nothing a rule reads.
      return ["append", "min", "max"].includes(c.name) && call.args[0] ? [q.typeOfValue(fn, call.args[0])] : null;
    case "dynamic":
      return null;
  }
}

function funcResults(q: TypeQueries, t: TypeRef | null): TypeRef[] | null {
  if (!t) return null;
  const u = q.types.underlying(t);
  return u.kind === "func" ? u.results : null;
}
