// Abstract locations for the flow of function values: one key per place a
// func value can be kept, shared by every path that reaches that place.
//   v<fn>.<var>    a variable (a captured one is its original's key)
//   g.<name>       a package-level variable
//   f.<T>.<field>  field of struct type T of the package, whatever value holds it
//   <key>.<field>  a field of a value whose type is unknown
//   <key>[]        the elements of a map, slice, array or channel
//   r<fn>.<i>      result i of a function
import type { IrFunction, Path, TypeRef } from "../lower/ir.js";
import type { FunctionIndex } from "./function-index.js";
import type { TypeInference } from "./infer-types.js";
import { stepType } from "./selector-types.js";
import { derefAll } from "./type-refs.js";

export const ELEMENTS = "[]";

export function varKey(index: FunctionIndex, fn: IrFunction, varId: number): string {
  // A captured Var stands for a Var of an enclosing function: follow it back to the one that declares it.
  let f = fn;
  let v = varId;
  for (let i = 0; i < 64; i++) {
    const outer = f.vars[v]?.outer;
    const next = outer ? index.fn(outer.fn) : null;
    if (!outer || !next) break;
    f = next;
    v = outer.var;
  }
  return `v${f.id}.${v}`;
}

export function resultKey(fnId: number, index: number): string {
  return `r${fnId}.${index}`;
}

export function flowKey(types: TypeInference, fn: IrFunction, path: Path): string {
  const root = path.root;
  let key = root.kind === "var" ? varKey(types.index, fn, root.var) : root.kind === "package" ? `g.${root.name}` : `x.${root.pkg}.${root.name}`;
  let t: TypeRef | null = types.typeOf(fn, { root, selectors: [] });
  for (const sel of path.selectors) {
    if (sel.kind === "index") key += ELEMENTS;
    else if (sel.kind === "field") key = fieldKey(types, t, sel.name) ?? `${key}.${sel.name}`;
    t = t ? stepType(types, t, sel) : null;
  }
  return key;
}

/** `f.T.name` when a value of type `t` has field `name` declared by struct type T of the package. */
export function fieldKey(types: TypeInference, t: TypeRef | null, name: string): string | null {
  if (!t) return null;
  const m = types.sets.member(derefAll(t), name);
  return m?.kind === "field" && m.owner ? `f.${m.owner}.${name}` : null;
}
