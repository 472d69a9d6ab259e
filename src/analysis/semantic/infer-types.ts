// Types of access paths and values, as far as the source says: declared
// types first, else what the variable is given anywhere in its function
// (flow-insensitively), package variables from their declarations or their
// `<vars>` initialisers. Each function's variables are typed in a few
// passes over their sources (no recursion through chains of copies), and
// the table is kept.
import type { IrFunction, Path, TypeRef, Value } from "../lower/ir.js";
import type { FuncDecl, PackageDecls, ValueDecl } from "./decl-types.js";
import { callResultTypes } from "./call-results.js";
import { FunctionIndex, VARS_FUNCTION } from "./function-index.js";
import type { MethodSets } from "./method-sets.js";
import type { PackageTypes } from "./package-types.js";
import { elementType, rangeTypes, stepType } from "./selector-types.js";
import { BOOL, funcType, markTypeParams, pointerTo } from "./type-refs.js";
import { valueType, type ValueTypeQueries } from "./value-types.js";
import { packageSources, varSources, type Source } from "./var-sources.js";

/** Passes over a function's sources; copies chained against source order need more than one. */
const MAX_PASSES = 4;

export class TypeInference implements ValueTypeQueries {
  readonly funcs: readonly FuncDecl[];
  private readonly values = new Map<string, ValueDecl>();
  private readonly tables: ((TypeRef | null)[] | undefined)[] = [];
  private packageTable: Map<string, TypeRef | null> | null = null;

  constructor(
    readonly index: FunctionIndex,
    readonly types: PackageTypes,
    readonly sets: MethodSets,
    decls: PackageDecls,
  ) {
    this.funcs = decls.funcs;
    for (const v of decls.values) if (!this.values.has(v.name)) this.values.set(v.name, v);
  }

  /**
   * Types every function's variables in id order: a closure's id follows its
   * enclosing function's, so the types it captures are complete when it is
   * typed, and typing never recurses through a chain of nested literals.
   */
  warm(): void {
    for (const fn of this.index.ir.functions) this.table(fn);
  }

  typeOf(fn: IrFunction, path: Path): TypeRef | null {
    let t = this.rootType(fn, path.root);
    for (const sel of path.selectors) {
      if (!t) return null;
      t = stepType(this, t, sel);
    }
    return t;
  }

  typeOfValue(fn: IrFunction, value: Value): TypeRef | null {
    return valueType(this, fn, value);
  }

  varType(fn: IrFunction, varId: number): TypeRef | null {
    return this.table(fn)[varId] ?? null;
  }

  packageType(name: string): TypeRef | null {
    const decl = this.values.get(name);
    if (decl?.type) return decl.type;
    if (!decl) {
      const [i] = this.index.funcDecls(name);
      const f = i === undefined ? null : this.funcs[i];
      if (f && f.typeParams.length === 0) return funcType(f.params.map((p) => p.type), f.results.map((r) => r.type));
    }
    return this.packageVars().get(name) ?? null;
  }

  private rootType(fn: IrFunction, root: Path["root"]): TypeRef | null {
    switch (root.kind) {
      case "var":
        return this.varType(fn, root.var);
      case "package":
        return this.packageType(root.name);
      case "external":
        return null;
    }
  }

  /** The type of every Var of `fn`; while it is being built, what is known so far. */
  private table(fn: IrFunction): (TypeRef | null)[] {
    const known = this.tables[fn.id];
    if (known) return known;
    const params = this.index.typeParamsOf(fn);
    const table = fn.vars.map((v) => (v.type ? markTypeParams(v.type, params) : null));
    this.tables[fn.id] = table;
    const receiver = this.index.declOf[fn.id]?.receiver;
    for (const v of fn.vars) {
      if (v.kind === "receiver" && !table[v.id] && receiver) table[v.id] = markTypeParams(receiver.typeRef, params);
      if (v.kind === "captured" && v.outer && !table[v.id]) table[v.id] = this.outerType(v.outer.fn, v.outer.var);
    }
    const sources = varSources(fn);
    this.solve(sources, table, (id, s) => this.sourceType(fn, s, id));
    // An enclosing function that was still being typed above may know more now.
    for (const v of fn.vars) if (v.kind === "captured" && v.outer && !table[v.id]) table[v.id] = this.outerType(v.outer.fn, v.outer.var);
    return table;
  }

  private outerType(fnId: number, varId: number): TypeRef | null {
    const outer = this.index.fn(fnId);
    return outer ? (this.table(outer)[varId] ?? null) : null;
  }

  private packageVars(): Map<string, TypeRef | null> {
    if (this.packageTable) return this.packageTable;
    const table = new Map<string, TypeRef | null>();
    this.packageTable = table;
    const inits = this.index.ir.functions.filter((f) => f.name === VARS_FUNCTION);
    const sources = packageSources(inits);
    for (let pass = 0; pass < MAX_PASSES; pass++) {
      let changed = false;
      for (const [name, list] of sources) {
        if (table.get(name)) continue;
        for (const { fn, source } of list) {
          const t = this.sourceType(fn, source, -1);
          if (t) {
            table.set(name, t);
            changed = true;
            break;
          }
        }
      }
      if (!changed) break;
    }
    return table;
  }

  private solve(sources: Map<number, Source[]>, table: (TypeRef | null)[], typeOfSource: (id: number, s: Source) => TypeRef | null): void {
    for (let pass = 0; pass < MAX_PASSES; pass++) {
      let changed = false;
      for (const [id, list] of sources) {
        if (table[id]) continue;
        for (const s of list) {
          const t = typeOfSource(id, s);
          if (t) {
            table[id] = t;
            changed = true;
            break;
          }
        }
      }
      if (!changed) break;
    }
  }

  private sourceType(fn: IrFunction, s: Source, self: number): TypeRef | null {
    switch (s.kind) {
      case "value":
        // `x = x.next` says nothing about x that x does not already say.
        if (s.value.kind === "path" && s.value.path.root.kind === "var" && s.value.path.root.var === self) return null;
        return this.typeOfValue(fn, s.value);
      case "result": {
        const results = callResultTypes(this, fn, s.call);
        return results?.[s.index] ?? null;
      }
      case "recv": {
        const ch = this.typeOf(fn, s.channel);
        const u = ch ? this.types.underlying(ch) : null;
        return u?.kind === "chan" ? u.elem : null;
      }
      case "bool":
        return BOOL;
    }
  }

  /** Helpers for value-types.ts, kept here so it needs no second view of the package. */
  elementOf(fn: IrFunction, of: Path): TypeRef | null {
    const t = this.typeOf(fn, of);
    return t ? elementType(this.types, t) : null;
  }

  rangeOf(fn: IrFunction, of: Path): { key: TypeRef | null; value: TypeRef | null } {
    const t = this.typeOf(fn, of);
    return t ? rangeTypes(this.types, t) : { key: null, value: null };
  }

  addressOf(fn: IrFunction, path: Path): TypeRef | null {
    const t = this.typeOf(fn, path);
    return t ? pointerTo(t) : null;
  }
}
