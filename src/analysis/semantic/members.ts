// Finding a field or method of a type the way Go's selector rule does: the
// shallowest embedding depth wins, two at the same depth are ambiguous (no
// member), and a promoted member remembers the embedded fields it goes
// through, so `c.Lock()` on a struct embedding sync.Mutex is `c.Mutex.Lock()`.
import type { TypeRef } from "../lower/ir.js";
import type { FuncDecl } from "./decl-types.js";
import type { Interfaces } from "./interfaces.js";
import { libraryField, libraryMethods } from "./library.js";
import type { PackageTypes } from "./package-types.js";
import { derefAll } from "./type-refs.js";

/** Embedding deeper than this is vanishingly rare and would only cost time. */
export const MAX_EMBED_DEPTH = 6;

export type Member =
  /** `type` is the field's type with the owner's type arguments substituted. */
  | { kind: "field"; via: string[]; name: string; type: TypeRef; owner: string | null }
  /** A method declared in this package: indices into PackageDecls.funcs. */
  | { kind: "method"; via: string[]; name: string; owner: string; pointer: boolean; decls: number[] }
  /** A method of a library type mapguard knows (sync.Mutex.Lock...). */
  | { kind: "library-method"; via: string[]; name: string; library: TypeRef }
  /** A method of an embedded interface: a dynamic call. */
  | { kind: "interface-method"; via: string[]; name: string; iface: TypeRef };

/** Methods declared on each package type: type name -> method name -> its declarations. */
export type DeclaredMethods = ReadonlyMap<string, ReadonlyMap<string, { pointer: boolean; decls: number[] }>>;

export function declaredMethods(funcs: readonly FuncDecl[]): DeclaredMethods {
  const out = new Map<string, Map<string, { pointer: boolean; decls: number[] }>>();
  funcs.forEach((f, i) => {
    if (!f.receiver || f.name === "_") return;
    let byName = out.get(f.receiver.type);
    if (!byName) out.set(f.receiver.type, (byName = new Map()));
    const entry = byName.get(f.name);
    // The same method in two files is two builds of it: either may run.
    if (entry) entry.decls.push(i);
    else byName.set(f.name, { pointer: f.receiver.pointer, decls: [i] });
  });
  return out;
}

export interface MemberContext {
  types: PackageTypes;
  methods: DeclaredMethods;
  interfaces: Interfaces;
}

interface Level {
  type: TypeRef;
  via: string[];
}

/**
 * The member `name` of a value of type `t` (pointers dropped), promoted ones
 * included; null when there is none, it is ambiguous, or it may come from an
 * embedded type of another package that mapguard cannot see into.
 */
export function lookupMember(ctx: MemberContext, t: TypeRef, name: string): Member | null {
  let level: Level[] = [{ type: derefAll(t), via: [] }];
  const seen = new Set<string>();
  for (let depth = 0; depth <= MAX_EMBED_DEPTH && level.length > 0; depth++) {
    const found: Member[] = [];
    let opaque = false;
    const next: Level[] = [];
    for (const { type, via } of level) {
      const key = type.text;
      if (seen.has(key)) continue;
      seen.add(key);
      const own = ownMember(ctx, type, name, via);
      if (own === "opaque") opaque = true;
      else if (own) found.push(own);
      const view = ctx.types.structOf(type);
      for (const f of view?.fields ?? []) if (f.embedded) next.push({ type: derefAll(f.type), via: [...via, f.name] });
    }
    if (found.length > 0) return found.length === 1 ? found[0] : null;
    // An embedded type of another package may hold the name: stay silent rather than look deeper.
    if (opaque) return null;
    level = next;
  }
  return null;
}

/** A member declared by `type` itself (not promoted), "opaque" when `type` is unknown. */
function ownMember(ctx: MemberContext, type: TypeRef, name: string, via: string[]): Member | "opaque" | null {
  const { types, methods } = ctx;
  const unaliased = types.unalias(type);
  if (unaliased.kind === "named") {
    const decl = types.declOf(unaliased);
    if (decl) {
      const m = methods.get(decl.name)?.get(name);
      if (m) return { kind: "method", via, name, owner: decl.name, pointer: m.pointer, decls: m.decls };
      if (decl.iface) return ctx.interfaces.ofDecl(decl.name).names.has(name) ? { kind: "interface-method", via, name, iface: unaliased } : null;
    } else if (unaliased.pkg !== null) {
      const kind = types.libraryKindOf(unaliased);
      if (kind && libraryMethods(kind)?.includes(name)) return { kind: "library-method", via, name, library: unaliased };
      const libField = kind ? libraryField(kind, name) : null;
      if (libField) return { kind: "field", via, name, type: libField, owner: null };
      // Another package's type: its members are unknown unless the table above knew it.
      return kind ? null : "opaque";
    }
  }
  const view = types.structOf(type);
  const f = view?.fields.find((x) => x.name === name);
  return f && view ? { kind: "field", via, name, type: f.type, owner: view.owner } : null;
}
