// Method sets of the package's named types, promoted methods included, and
// which of them implement an interface (by method names: the package's
// types are the only implementations mapguard can see).
import type { TypeRef } from "../lower/ir.js";
import type { FuncDecl } from "./decl-types.js";
import { Interfaces } from "./interfaces.js";
import { libraryMethods } from "./library.js";
import { declaredMethods, lookupMember, MAX_EMBED_DEPTH, type DeclaredMethods, type Member, type MemberContext } from "./members.js";
import type { PackageTypes } from "./package-types.js";
import { derefAll, named } from "./type-refs.js";

export type MethodMember = Extract<Member, { kind: "method" | "library-method" | "interface-method" }>;

export class MethodSets implements MemberContext {
  readonly methods: DeclaredMethods;
  readonly interfaces: Interfaces;
  private readonly memberCache = new Map<string, Member | null>();
  private readonly sets = new Map<string, ReadonlyMap<string, MethodMember>>();
  private byMethod: Map<string, string[]> | null = null;
  private readonly implementerCache = new Map<string, string[]>();

  constructor(
    readonly types: PackageTypes,
    funcs: readonly FuncDecl[],
  ) {
    this.methods = declaredMethods(funcs);
    this.interfaces = new Interfaces(types);
  }

  /** Field or method `name` of a value of type `t` (through pointers), promoted ones included. */
  member(t: TypeRef, name: string): Member | null {
    const base = derefAll(t);
    // Only plain names are cached: their text means one thing across the package.
    const cacheable = base.kind === "named" && base.args.length === 0 && !("typeParam" in base);
    if (!cacheable) return lookupMember(this, base, name);
    const key = `${base.pkg ?? ""}\0${base.name}\0${name}`;
    if (!this.memberCache.has(key)) this.memberCache.set(key, lookupMember(this, base, name));
    return this.memberCache.get(key) ?? null;
  }

  /** Every method of package type `typeName` (pointer receivers included), promoted ones too. */
  methodSet(typeName: string): ReadonlyMap<string, MethodMember> {
    const known = this.sets.get(typeName);
    if (known) return known;
    const set = new Map<string, MethodMember>();
    const self = named(typeName);
    for (const name of this.candidateNames(self)) {
      const m = this.member(self, name);
      if (m && m.kind !== "field") set.set(name, m);
    }
    this.sets.set(typeName, set);
    return set;
  }

  /**
   * Package types whose method sets hold every one of `names`. Receivers
   * are not told apart: an interface may hold a `*T`, whose set has them all.
   */
  implementers(names: ReadonlySet<string>): string[] {
    if (names.size === 0) return [];
    const key = [...names].sort().join(",");
    const known = this.implementerCache.get(key);
    if (known) return known;
    const index = this.methodIndex();
    let rarest: string[] | null = null;
    for (const n of names) {
      const holders = index.get(n) ?? [];
      if (!rarest || holders.length < rarest.length) rarest = holders;
    }
    const out = (rarest ?? []).filter((t) => {
      const set = this.methodSet(t);
      for (const n of names) if (!set.has(n)) return false;
      return true;
    });
    this.implementerCache.set(key, out);
    return out;
  }

  /** Method name -> the package's non-interface types that have it (promoted included). */
  private methodIndex(): Map<string, string[]> {
    if (this.byMethod) return this.byMethod;
    const index = new Map<string, string[]>();
    for (const t of this.types.all()) {
      if (t.iface || t.alias) continue;
      for (const name of this.methodSet(t.name).keys()) {
        const list = index.get(name);
        if (list) list.push(t.name);
        else index.set(name, [t.name]);
      }
    }
    this.byMethod = index;
    return index;
  }

  /** Names that may be methods of `t`: those declared on it and on every type it embeds. */
  private candidateNames(t: TypeRef): Set<string> {
    const out = new Set<string>();
    let level: TypeRef[] = [t];
    const seen = new Set<string>();
    for (let depth = 0; depth <= MAX_EMBED_DEPTH && level.length > 0; depth++) {
      const next: TypeRef[] = [];
      for (const type of level) {
        if (seen.has(type.text)) continue;
        seen.add(type.text);
        const u = this.types.unalias(type);
        const decl = this.types.declOf(u);
        if (decl) {
          for (const n of this.methods.get(decl.name)?.keys() ?? []) out.add(n);
          if (decl.iface) for (const n of this.interfaces.ofDecl(decl.name).names) out.add(n);
        } else {
          const kind = this.types.libraryKindOf(u);
          for (const n of (kind && libraryMethods(kind)) || []) out.add(n);
        }
        for (const f of this.types.structOf(type)?.fields ?? []) if (f.embedded) next.push(derefAll(f.type));
      }
      level = next;
    }
    return out;
  }
}
