// The type of a Value (the right-hand side of an assignment, an argument, a
// returned value) as far as its form tells.
import type { Callee, IrFunction, Path, TypeRef, Value } from "../lower/ir.js";
import type { TypeQueries } from "./call-results.js";
import { methodSignature } from "./selector-types.js";
import { BOOL, funcType, markTypeParams, pointerTo } from "./type-refs.js";

export interface ValueTypeQueries extends TypeQueries {
  elementOf(fn: IrFunction, of: Path): TypeRef | null;
  rangeOf(fn: IrFunction, of: Path): { key: TypeRef | null; value: TypeRef | null };
  addressOf(fn: IrFunction, path: Path): TypeRef | null;
}

export function valueType(q: ValueTypeQueries, fn: IrFunction, value: Value): TypeRef | null {
  const mark = (t: TypeRef): TypeRef => markTypeParams(t, q.index.typeParamsOf(fn));
  switch (value.kind) {
    case "path":
      return q.typeOf(fn, value.path);
    case "addr":
      return q.addressOf(fn, value.path);
    case "make":
    case "zero":
    case "convert":
      return mark(value.type);
    case "new":
      return pointerTo(mark(value.type));
    case "literal":
      if (!value.type) return null;
      return value.pointer ? pointerTo(mark(value.type)) : mark(value.type);
    case "assert":
      return value.type ? mark(value.type) : null;
    case "closure": {
      const closure = q.index.fn(value.fn);
      if (!closure) return null;
      const typeOfVar = (id: number): TypeRef => closure.vars[id]?.type ?? { kind: "other", text: "" };
      const params = closure.vars.filter((v) => v.kind === "param").map((v) => typeOfVar(v.id));
      return mark(funcType(params, closure.results.map(typeOfVar)));
    }
    case "func":
      return funcValueType(q, fn, value.callee);
    case "element":
      return q.elementOf(fn, value.of);
    case "range-key":
      return q.rangeOf(fn, value.of).key;
    case "range-value":
      return q.rangeOf(fn, value.of).value;
    case "ok":
      return BOOL;
    case "nil":
    case "const":
    case "unknown":
      return null;
  }
}

/** `handle`, `s.serve`, `(*T).M` used as values. */
function funcValueType(q: ValueTypeQueries, fn: IrFunction, callee: Callee): TypeRef | null {
  switch (callee.kind) {
    case "func":
      return q.packageType(callee.name);
    case "method": {
      const recv = q.typeOf(fn, callee.recv);
      const m = recv ? q.sets.member(recv, callee.name) : null;
      const sig = recv && m && m.kind !== "field" ? methodSignature(q, recv, m) : null;
      return sig ? funcType(sig.params, sig.results) : null;
    }
    case "method-expr": {
      const m = q.sets.member(callee.type, callee.name);
      const sig = m && m.kind !== "field" ? methodSignature(q, callee.type, m) : null;
      return sig ? funcType([callee.type, ...sig.params], sig.results) : null;
    }
    default:
      return null;
  }
}
