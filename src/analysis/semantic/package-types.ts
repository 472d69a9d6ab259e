// The package's named types by name, and what a TypeRef is underneath:
// through the package's defined types and aliases (with type arguments
// substituted), down to a map, a struct, a pointer... or a type of another
// package, which only library.ts may know more about.
import type { TypeRef } from "../lower/ir.js";
import type { FieldDecl, TypeDecl } from "./decl-types.js";
import { libraryKind, libraryMap, type LibraryKind } from "./library.js";
import { isTypeParam, substitute, type NamedRef } from "./type-refs.js";

/** `type A B` chains longer than this are cycles (invalid Go) or not worth following. */
const MAX_HOPS = 16;

export interface StructView {
  /** The package type whose declaration writes the struct; null for an anonymous struct. */
  owner: string | null;
  /** Fields with the owner's type arguments substituted. */
  fields: { name: string; type: TypeRef; embedded: boolean }[];
  /** The declared fields (positions, tags) when `owner` is set. */
  decls: readonly FieldDecl[] | null;
}

export class PackageTypes {
  private readonly byName = new Map<string, TypeDecl>();

  constructor(types: readonly TypeDecl[]) {
    // Two declarations of one name come from files for different builds; the first stands for both.
    for (const t of types) if (!this.byName.has(t.name)) this.byName.set(t.name, t);
  }

  decl(name: string): TypeDecl | null {
    return this.byName.get(name) ?? null;
  }

  all(): Iterable<TypeDecl> {
    return this.byName.values();
  }

  /** The package type a named TypeRef denotes, or null (another package's, a type parameter, a builtin). */
  declOf(t: TypeRef): TypeDecl | null {
    if (t.kind !== "named" || t.pkg !== null || isTypeParam(t)) return null;
    return this.byName.get(t.name) ?? null;
  }

  /** One step down: a package type's declared type with its type arguments substituted. */
  expand(t: NamedRef): TypeRef | null {
    const d = this.declOf(t);
    if (!d) return null;
    return substitute(d.type, d.typeParams.map((p) => p.name), t.args);
  }

  /** Follows package named types (defined and aliases) down to a type that is not one. */
  underlying(t: TypeRef): TypeRef {
    let cur = t;
    for (let i = 0; i < MAX_HOPS && cur.kind === "named"; i++) {
      const next = this.expand(cur);
      if (!next) return cur;
      cur = next;
    }
    return cur;
  }

  /** Follows aliases only: an alias has its target's methods, a defined type has none of them. */
  unalias(t: TypeRef): TypeRef {
    let cur = t;
    for (let i = 0; i < MAX_HOPS && cur.kind === "named"; i++) {
      const d = this.declOf(cur);
      if (!d || !d.alias) return cur;
      cur = substitute(d.type, d.typeParams.map((p) => p.name), cur.args);
    }
    return cur;
  }

  /** The library type `t` is (through the package's named types: `type H http.Header` is a map too). */
  libraryKindOf(t: TypeRef): LibraryKind | null {
    const u = this.underlying(t);
    return u.kind === "named" ? libraryKind(u) : null;
  }

  /** The map type underneath `t`, or null when it is not known to be a map. */
  mapOf(t: TypeRef): Extract<TypeRef, { kind: "map" }> | null {
    const u = this.underlying(t);
    if (u.kind === "map") return u;
    if (u.kind !== "named") return null;
    const kind = libraryKind(u);
    return kind ? libraryMap(kind) : null;
  }

  isMap(t: TypeRef): boolean {
    return this.mapOf(t) !== null;
  }

  /** The struct underneath `t` (not through pointers), or null. */
  structOf(t: TypeRef): StructView | null {
    let cur = t;
    let owner: TypeDecl | null = null;
    for (let i = 0; i < MAX_HOPS && cur.kind === "named"; i++) {
      const d = this.declOf(cur);
      const next = d ? this.expand(cur) : null;
      if (!d || !next) return null;
      owner = d;
      cur = next;
    }
    if (cur.kind !== "struct") return null;
    return { owner: owner?.name ?? null, fields: cur.fields, decls: owner?.fields ?? null };
  }

  /** "mutex" for sync.Mutex, "rwmutex" for sync.RWMutex (through aliases only: `type M sync.Mutex` has no Lock). */
  mutexKind(t: TypeRef): "mutex" | "rwmutex" | null {
    const u = this.unalias(t);
    const kind = u.kind === "named" ? libraryKind(u) : null;
    return kind === "mutex" || kind === "rwmutex" ? kind : null;
  }
}
