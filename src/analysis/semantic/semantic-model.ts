// The package-wide semantic model: declarations, types of paths and values,
// method sets and the call graph, built once per package from the
// declarations and the IR. Plain data underneath; the methods are queries
// with caches.
import type { IrFunction, PackageIr, Path, TypeRef, Value } from "../lower/ir.js";
import { buildCallGraph } from "./build-call-graph.js";
import type { CallGraph } from "./call-graph.js";
import type { PackageDecls } from "./decl-types.js";
import { methodReceiverPath, normalizePath } from "./embedded-paths.js";
import { FunctionIndex } from "./function-index.js";
import { TypeInference } from "./infer-types.js";
import type { LibraryKind } from "./library.js";
import type { Member } from "./members.js";
import { MethodSets } from "./method-sets.js";
import { PackageTypes, type StructView } from "./package-types.js";
import { isTypeParam } from "./type-refs.js";

export class SemanticModel {
  readonly index: FunctionIndex;
  readonly types: PackageTypes;
  readonly methodSets: MethodSets;
  readonly inference: TypeInference;
  readonly callGraph: CallGraph;

  constructor(
    readonly decls: PackageDecls,
    readonly ir: PackageIr,
  ) {
    this.index = new FunctionIndex(ir, decls);
    this.types = new PackageTypes(decls.types);
    this.methodSets = new MethodSets(this.types, decls.funcs);
    this.inference = new TypeInference(this.index, this.types, this.methodSets, decls);
    this.inference.warm();
    this.callGraph = buildCallGraph(ir, this);
  }

  typeOf(fn: IrFunction, path: Path): TypeRef | null {
    return this.inference.typeOf(fn, path);
  }

  typeOfValue(fn: IrFunction, value: Value): TypeRef | null {
    return this.inference.typeOfValue(fn, value);
  }

  /** A map, through the package's named types and aliases; http.Header and url.Values are maps. A type parameter is not known to be one. */
  isMapType(t: TypeRef | null): boolean {
    return t !== null && !isTypeParam(t) && this.types.isMap(t);
  }

  mapOf(t: TypeRef | null): Extract<TypeRef, { kind: "map" }> | null {
    return t && !isTypeParam(t) ? this.types.mapOf(t) : null;
  }

  structOf(t: TypeRef | null): StructView | null {
    return t ? this.types.structOf(t) : null;
  }

  isMutex(t: TypeRef | null): "mutex" | "rwmutex" | null {
    return t ? this.types.mutexKind(t) : null;
  }

  libraryKind(t: TypeRef | null): LibraryKind | null {
    return t ? this.types.libraryKindOf(t) : null;
  }

  /** Field or method `name` of a value of type `t`, promoted ones with the embedded fields they go through. */
  member(t: TypeRef, name: string): Member | null {
    return this.methodSets.member(t, name);
  }

  /** `path` with the embedded fields of promoted fields spelled out (`c.m` -> `c.Inner.m`). */
  normalizePath(fn: IrFunction, path: Path): Path {
    return normalizePath(this.inference, fn, path);
  }

  /** The value a method call on `recv` runs on (`c.Lock()` -> `c.Mutex`). */
  methodReceiverPath(fn: IrFunction, recv: Path, name: string): Path {
    return methodReceiverPath(this.inference, fn, recv, name);
  }
}

export function buildSemanticModel(decls: PackageDecls, ir: PackageIr): SemanticModel {
  return new SemanticModel(decls, ir);
}
