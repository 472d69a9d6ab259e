// One step of an access path, typed: `.f` through struct types (promoted
// fields and methods included), `[]` on maps, slices, arrays and strings,
// `*` on pointers; and the signatures of the methods a selector reaches.
import type { Selector, TypeRef } from "../lower/ir.js";
import type { FuncDecl } from "./decl-types.js";
import type { Member } from "./members.js";
import type { MethodSets } from "./method-sets.js";
import type { PackageTypes } from "./package-types.js";
import { BYTE, derefAll, funcType, INT, RUNE, substitute } from "./type-refs.js";

export interface SelectorContext {
  types: PackageTypes;
  sets: MethodSets;
  funcs: readonly FuncDecl[];
}

export function stepType(cx: SelectorContext, t: TypeRef, sel: Selector): TypeRef | null {
  switch (sel.kind) {
    case "field": {
      const m = cx.sets.member(t, sel.name);
      return m ? memberType(cx, t, m) : null;
    }
    case "index":
      return elementType(cx.types, t);
    case "deref": {
      const u = cx.types.underlying(t);
      return u.kind === "pointer" ? u.elem : null;
    }
  }
}

/** The type of `x.m` for a member of x's type: a field's type, or a method value's func type. */
export function memberType(cx: SelectorContext, recv: TypeRef, m: Member): TypeRef | null {
  if (m.kind === "field") return m.type;
  const sig = methodSignature(cx, recv, m);
  return sig ? funcType(sig.params, sig.results) : null;
}

/** `m[k]`, `s[i]`, `a[i]`, `(*a)[i]`, `str[i]`. */
export function elementType(types: PackageTypes, t: TypeRef): TypeRef | null {
  const map = types.mapOf(t);
  if (map) return map.value;
  let u = types.underlying(t);
  if (u.kind === "pointer") u = types.underlying(u.elem);
  if (u.kind === "slice" || u.kind === "array") return u.elem;
  if (u.kind === "named" && u.pkg === null && u.name === "string") return BYTE;
  return null;
}

/** Key and value of `for k, v := range x`. */
export function rangeTypes(types: PackageTypes, t: TypeRef): { key: TypeRef | null; value: TypeRef | null } {
  const map = types.mapOf(t);
  if (map) return { key: map.key, value: map.value };
  let u = types.underlying(t);
  if (u.kind === "pointer") u = types.underlying(u.elem);
  switch (u.kind) {
    case "slice":
    case "array":
      return { key: INT, value: u.elem };
    case "chan":
      return { key: u.elem, value: null };
    case "named":
      if (u.pkg === null && u.name === "string") return { key: INT, value: RUNE };
      if (u.pkg === null && /^u?int(8|16|32|64)?$/.test(u.name)) return { key: u, value: null };
      return { key: null, value: null };
    default:
      return { key: null, value: null };
  }
}

/** The type a promoted member's owner is reached as: `recv` followed down the embedded fields. */
export function ownerType(cx: SelectorContext, recv: TypeRef, via: readonly string[]): TypeRef | null {
  let cur: TypeRef | null = recv;
  for (const name of via) {
    if (!cur) return null;
    const found: { type: TypeRef } | undefined = cx.types.structOf(derefAll(cur))?.fields.find((x) => x.name === name);
    cur = found ? found.type : null;
  }
  return cur;
}

/**
 * Parameter and result types of a method reached on `recv` (not counting
 * the receiver), with the owner's type arguments in place of the receiver's
 * type parameters. Null when mapguard does not know it.
 */
export function methodSignature(cx: SelectorContext, recv: TypeRef, m: Member): { params: TypeRef[]; results: TypeRef[] } | null {
  const owner = ownerType(cx, recv, m.via);
  if (!owner) return null;
  if (m.kind === "method") {
    const decl = cx.funcs[m.decls[0]];
    if (!decl) return null;
    const base = cx.types.unalias(derefAll(owner));
    const args = base.kind === "named" ? base.args : [];
    const params = decl.typeParams.map((p) => p.name);
    const inst = (t: TypeRef): TypeRef => instantiate(t, params, args);
    return { params: decl.params.map((p) => inst(p.type)), results: decl.results.map((r) => inst(r.type)) };
  }
  if (m.kind === "interface-method") {
    const sig = interfaceSignature(cx.types, m.iface, m.name, 0);
    return sig && sig.kind === "func" ? { params: sig.params, results: sig.results } : null;
  }
  return null;
}

/** The declared signature of method `name` of a package interface type (embedded interfaces searched too). */
export function interfaceSignature(types: PackageTypes, iface: TypeRef, name: string, depth: number): TypeRef | null {
  const decl = types.declOf(types.unalias(iface));
  if (!decl?.iface || depth > 8) return null;
  const i = decl.iface.methods.indexOf(name);
  if (i >= 0) return decl.iface.signatures[i] ?? null;
  for (const e of decl.iface.embeds) {
    const found = interfaceSignature(types, e, name, depth + 1);
    if (found) return found;
  }
  return null;
}

/**
 * A declaration's type with type arguments in place of its parameters; a
 * parameter without an argument (inferred at the call) becomes `other`, so
 * it never passes for a type of the caller's scope.
 */
export function instantiate(t: TypeRef, params: readonly string[], args: readonly TypeRef[]): TypeRef {
  if (params.length === 0) return t;
  const full = params.map((p, i): TypeRef => args[i] ?? { kind: "other", text: p });
  return substitute(t, params, full);
}
