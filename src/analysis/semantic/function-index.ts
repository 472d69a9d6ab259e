// Which IrFunction is which declaration, and the package's functions by
// name: the joins every later query needs, built once per package.
import type { IrFunction, PackageIr } from "../lower/ir.js";
import type { FuncDecl, PackageDecls } from "./decl-types.js";

/** The synthetic function lowering puts each file's package-level var initialisers in. */
export const VARS_FUNCTION = "<vars>";

export class FunctionIndex {
  /** By IrFunction id: its declaration (null for closures and `<vars>`). */
  readonly declOf: (FuncDecl | null)[];
  /** By declaration index: its IrFunction id (null when lowering did not produce it). */
  readonly fnOfDecl: (number | null)[];
  /** Package-level functions (not methods) by name: declaration indices. */
  private readonly funcsByName = new Map<string, number[]>();
  private readonly typeParams: (readonly string[] | undefined)[] = [];

  constructor(
    readonly ir: PackageIr,
    readonly decls: PackageDecls,
  ) {
    const byPlace = new Map<string, number>();
    decls.funcs.forEach((f, i) => {
      byPlace.set(placeKey(f.path, f.span.line, f.span.column), i);
      if (f.receiver) return;
      const list = this.funcsByName.get(f.name);
      if (list) list.push(i);
      else this.funcsByName.set(f.name, [i]);
    });
    this.fnOfDecl = decls.funcs.map(() => null);
    this.declOf = ir.functions.map((fn) => {
      if (fn.kind === "closure") return null;
      const i = byPlace.get(placeKey(fn.path, fn.span.line, fn.span.column));
      if (i === undefined) return null;
      this.fnOfDecl[i] = fn.id;
      return decls.funcs[i];
    });
  }

  fn(id: number): IrFunction | null {
    return this.ir.functions[id] ?? null;
  }

  /** Declaration indices of package function `name` (several for files of different builds). */
  funcDecls(name: string): readonly number[] {
    return this.funcsByName.get(name) ?? [];
  }

  /** IrFunction ids of declarations, dropping those lowering did not produce. */
  fnIds(declIndices: readonly number[]): number[] {
    const out: number[] = [];
    for (const i of declIndices) {
      const id = this.fnOfDecl[i];
      if (id !== null && id !== undefined) out.push(id);
    }
    return out;
  }

  /** Type parameters in scope in a function: its own, its receiver's, and those of the functions around a closure. */
  typeParamsOf(fn: IrFunction): readonly string[] {
    const known = this.typeParams[fn.id];
    if (known) return known;
    const names: string[] = [];
    for (let f: IrFunction | null = fn, i = 0; f && i < 64; f = f.parent === null ? null : this.fn(f.parent), i++) {
      names.push(...f.typeParams);
      const decl = this.declOf[f.id];
      if (decl) for (const p of decl.typeParams) if (!names.includes(p.name)) names.push(p.name);
    }
    this.typeParams[fn.id] = names;
    return names;
  }
}

function placeKey(path: string, line: number, column: number): string {
  return `${path}:${line}:${column}`;
}
