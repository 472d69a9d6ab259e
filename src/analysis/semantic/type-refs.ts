// Small constructors and rewrites of TypeRefs. A type parameter is a `named`
// TypeRef carrying `typeParam: true`, so a TypeRef says by itself that it is
// not the package type of the same name (a function's `T` may shadow a
// package's `type T`), without every query needing the function as context.
import type { TypeRef } from "../lower/ir.js";

export type NamedRef = Extract<TypeRef, { kind: "named" }>;
export type TypeParamRef = NamedRef & { typeParam: true };

export function named(name: string, pkg: string | null = null, args: TypeRef[] = []): NamedRef {
  const base = pkg ? `${pkg.slice(pkg.lastIndexOf("/") + 1)}.${name}` : name;
  const text = args.length > 0 ? `${base}[${args.map((a) => a.text).join(", ")}]` : base;
  return { kind: "named", text, pkg, name, args };
}

export function pointerTo(elem: TypeRef): TypeRef {
  return { kind: "pointer", text: `*${elem.text}`, elem };
}

export function sliceOf(elem: TypeRef): TypeRef {
  return { kind: "slice", text: `[]${elem.text}`, elem };
}

export function funcType(params: TypeRef[], results: TypeRef[]): TypeRef {
  const list = (ts: TypeRef[]): string => ts.map((t) => t.text).join(", ");
  const res = results.length === 0 ? "" : results.length === 1 ? ` ${results[0].text}` : ` (${list(results)})`;
  return { kind: "func", text: `func(${list(params)})${res}`, params, results };
}

export const BOOL = named("bool");
export const INT = named("int");
export const BYTE = named("byte");
export const RUNE = named("rune");
export const STRING = named("string");

export function isTypeParam(t: TypeRef): t is TypeParamRef {
  return t.kind === "named" && "typeParam" in t && t.typeParam === true;
}

/** Drops pointers: the type a selector or method call reaches through them. */
export function derefAll(t: TypeRef): TypeRef {
  let cur = t;
  for (let i = 0; i < 8 && cur.kind === "pointer"; i++) cur = cur.elem;
  return cur;
}

/**
 * Rewrites `t` bottom-up with `visit` applied to every named TypeRef; the
 * same object comes back when nothing changed, so rewriting is cheap to try.
 */
export function mapNamed(t: TypeRef, visit: (n: NamedRef) => TypeRef, depth = 0): TypeRef {
  if (depth > 16) return t;
  const sub = (x: TypeRef): TypeRef => mapNamed(x, visit, depth + 1);
  switch (t.kind) {
    case "named": {
      const args = t.args.map(sub);
      if (args.every((a, i) => a === t.args[i])) return visit(t);
      const base = t.text.includes("[") ? t.text.slice(0, t.text.indexOf("[")) : t.text;
      return visit({ ...t, args, text: `${base}[${args.map((a) => a.text).join(", ")}]` });
    }
    case "pointer":
    case "slice":
    case "array":
    case "chan": {
      const elem = sub(t.elem);
      return elem === t.elem ? t : { ...t, elem, text: replaceSuffix(t.text, t.elem.text, elem.text) };
    }
    case "map": {
      const key = sub(t.key);
      const value = sub(t.value);
      return key === t.key && value === t.value ? t : { ...t, key, value, text: `map[${key.text}]${value.text}` };
    }
    case "func": {
      const params = t.params.map(sub);
      const results = t.results.map(sub);
      const same = params.every((p, i) => p === t.params[i]) && results.every((r, i) => r === t.results[i]);
      return same ? t : funcType(params, results);
    }
    case "struct": {
      const fields = t.fields.map((f) => ({ ...f, type: sub(f.type) }));
      if (fields.every((f, i) => f.type === t.fields[i].type)) return t;
      const text = `struct{ ${fields.map((f) => (f.embedded ? f.type.text : `${f.name} ${f.type.text}`)).join("; ")} }`;
      return { ...t, fields, text };
    }
    default:
      return t;
  }
}

/** `[4]K` with K replaced: the element is always written last. */
function replaceSuffix(text: string, old: string, replacement: string): string {
  return text.endsWith(old) ? text.slice(0, text.length - old.length) + replacement : replacement;
}

/** Marks the names in `params` as type parameters (see the file comment). */
export function markTypeParams(t: TypeRef, params: readonly string[]): TypeRef {
  if (params.length === 0) return t;
  return mapNamed(t, (n) =>
    n.pkg === null && n.args.length === 0 && params.includes(n.name) && !isTypeParam(n) ? { ...n, typeParam: true } : n,
  );
}

/** Replaces type parameters by their arguments: `map[K]V` with K=string, V=int. */
export function substitute(t: TypeRef, params: readonly string[], args: readonly TypeRef[]): TypeRef {
  if (params.length === 0 || args.length === 0) return t;
  return mapNamed(t, (n) => {
    if (n.pkg !== null || n.args.length > 0) return n;
    const i = params.indexOf(n.name);
    return i >= 0 && i < args.length ? args[i] : n;
  });
}

/**
 * Type parameters of another function that reach a caller (a generic
 * callee's result with inferred type arguments) mean nothing there: they
 * become `other`, never the caller's package type of the same name.
 */
export function forgetTypeParams(t: TypeRef): TypeRef {
  return mapNamed(t, (n) => (isTypeParam(n) ? { kind: "other", text: n.text } : n));
}
