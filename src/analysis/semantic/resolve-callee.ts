// What a callee, as lowering wrote it, calls — as far as declarations and
// types tell without following values: package functions, methods by the
// receiver's type (promoted ones too), method expressions, interface methods
// (to every package type implementing the interface). Calls of func values
// (locals, parameters, fields, package variables) name the flow key whose
// values they call; function-flow.ts resolves those.
import type { Callee, IrFunction, TypeRef } from "../lower/ir.js";
import { fieldKey, flowKey } from "./flow-keys.js";
import type { TypeInference } from "./infer-types.js";
import type { Member } from "./members.js";
import { derefAll } from "./type-refs.js";

export type Resolution =
  /** A package function by name. */
  | "function"
  /** A method by the receiver's type. */
  | "method"
  /** An interface method: every package type implementing the interface. */
  | "interface"
  /** A func value: whatever flows into the variable, field or parameter called. */
  | "value"
  | "closure"
  /** A method of a library type mapguard knows (sync.Mutex.Lock...): no package code runs. */
  | "library"
  /** A function or method of another package. */
  | "external"
  | "builtin"
  /** Nothing known about the callee (receiver of unknown type, call of a call's result...). */
  | "unresolved";

/**
 * How a target receives its receiver: from the receiver path of `x.M()`
 * ("path"), from the first argument of a method expression call ("arg0"),
 * bound earlier in a method value ("bound"); null for functions and closures.
 */
export type ReceiverShape = "path" | "arg0" | "bound" | null;

export interface CallTarget {
  fn: number;
  receiver: ReceiverShape;
}

export interface StaticResolution {
  how: Resolution;
  targets: CallTarget[];
  /** For "value": the flow key of the func value called. */
  valueKey: string | null;
}

const none = (how: Resolution): StaticResolution => ({ how, targets: [], valueKey: null });

export function resolveCallee(q: TypeInference, fn: IrFunction, callee: Callee): StaticResolution {
  switch (callee.kind) {
    case "func": {
      const decls = q.index.funcDecls(callee.name);
      if (decls.length > 0) return { how: "function", targets: plain(q.index.fnIds(decls)), valueKey: null };
      return { how: "value", targets: [], valueKey: `g.${callee.name}` };
    }
    case "method": {
      const recv = q.typeOf(fn, callee.recv);
      if (!recv) return none(callee.recv.root.kind === "external" ? "external" : "unresolved");
      const m = q.sets.member(recv, callee.name);
      if (m?.kind === "field") {
        const key = flowKey(q, fn, { ...callee.recv, selectors: [...callee.recv.selectors, { kind: "field", name: callee.name }] });
        return { how: "value", targets: [], valueKey: fieldKey(q, recv, callee.name) ?? key };
      }
      return memberCall(q, recv, callee.name, m, "path");
    }
    case "method-expr":
      return memberCall(q, callee.type, callee.name, q.sets.member(callee.type, callee.name), "arg0");
    case "value":
      return { how: "value", targets: [], valueKey: flowKey(q, fn, callee.path) };
    case "closure":
      return { how: "closure", targets: [{ fn: callee.fn, receiver: null }], valueKey: null };
    case "external":
      return none("external");
    case "builtin":
      return none("builtin");
    case "dynamic":
      return none("unresolved");
  }
}

/** The methods `x.M` reaches on a receiver of type `recv` (`m` its member lookup). */
export function memberCall(q: TypeInference, recv: TypeRef, name: string, m: Member | null, receiver: ReceiverShape): StaticResolution {
  if (m?.kind === "method") return { how: "method", targets: q.index.fnIds(m.decls).map((fn) => ({ fn, receiver })), valueKey: null };
  if (m?.kind === "library-method") return none("library");
  const iface = m?.kind === "interface-method" ? m.iface : m === null ? derefAll(recv) : null;
  const names = iface ? q.sets.interfaces.ofType(iface) : null;
  if (names && names.names.has(name)) return { how: "interface", targets: implementations(q, names.names, name, receiver), valueKey: null };
  const base = derefAll(recv);
  return none(base.kind === "named" && base.pkg !== null ? "external" : "unresolved");
}

/** Method `name` of every package type whose method set holds all of `names`. */
function implementations(q: TypeInference, names: ReadonlySet<string>, name: string, receiver: ReceiverShape): CallTarget[] {
  const out: CallTarget[] = [];
  for (const type of q.sets.implementers(names)) {
    const m = q.sets.methodSet(type).get(name);
    if (m?.kind === "method") for (const fn of q.index.fnIds(m.decls)) out.push({ fn, receiver });
  }
  return dedupe(out);
}

function plain(ids: number[]): CallTarget[] {
  return ids.map((fn) => ({ fn, receiver: null }));
}

export function dedupe(targets: CallTarget[]): CallTarget[] {
  const seen = new Set<string>();
  return targets.filter((t) => {
    const key = `${t.fn}:${t.receiver}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
