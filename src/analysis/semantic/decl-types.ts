// The package's top-level declarations as plain data: what the semantic layer
// knows about a package before it looks at any IR. Read once from the trees
// (read-declarations.ts) before they are freed; no tree-sitter node survives.
import type { Span, TypeRef } from "../lower/ir.js";
import type { ImportTable } from "../go/type-syntax.js";

/** Where a name is declared: its span and the UTF-16 offset of its start in the file. */
export interface Declared {
  path: string;
  declared: Span;
  at: number;
}

export interface TypeParamDecl {
  name: string;
  constraint: TypeRef;
}

export interface FieldDecl extends Declared {
  /** An embedded field goes by its type's name (`*pkg.T` -> `T`). */
  name: string;
  type: TypeRef;
  embedded: boolean;
  /** The field has a struct tag (`json:"x"`): decoders may fill it. */
  tagged: boolean;
}

export interface InterfaceDecl {
  /** Methods the interface declares itself, and their signatures (`func` TypeRefs) in the same order. */
  methods: string[];
  signatures: TypeRef[];
  /** Embedded interfaces (`io.Reader`, `J`); their methods belong to it too. */
  embeds: TypeRef[];
  /** Type elements (`~int | string`): a constraint, not an interface values can have. */
  constraint: boolean;
}

export interface TypeDecl extends Declared {
  name: string;
  /** `type A = B`: A is B, methods and all. */
  alias: boolean;
  typeParams: TypeParamDecl[];
  /** The type as written after the name: a struct, a map, another named type... */
  type: TypeRef;
  /** For a struct type: its fields, with positions and tags. */
  fields: FieldDecl[] | null;
  /** For an interface type: its methods and embedded interfaces. */
  iface: InterfaceDecl | null;
}

export interface ParamDecl {
  /** Null for an unnamed parameter or result; `_` stays `_`. */
  name: string | null;
  type: TypeRef;
}

export interface FuncDecl extends Declared {
  name: string;
  receiver: { type: string; pointer: boolean; name: string | null; typeRef: TypeRef } | null;
  /** The function's type parameters, or for a method its receiver type's (`(c *G[K, V])`). */
  typeParams: TypeParamDecl[];
  params: ParamDecl[];
  results: ParamDecl[];
  /** The last parameter is `...T` (its ParamDecl type is `[]T`). */
  variadic: boolean;
  /** `func` to the end of the body. */
  span: Span;
  /** No body: implemented in assembly or linked from elsewhere. */
  external: boolean;
}

export interface ValueDecl extends Declared {
  name: string;
  kind: "var" | "const";
  /** The type as written; null when the initialiser decides it. */
  type: TypeRef | null;
  exported: boolean;
}

export interface FileDecls {
  path: string;
  packageName: string;
  imports: ImportTable;
}

export interface PackageDecls {
  files: FileDecls[];
  types: TypeDecl[];
  funcs: FuncDecl[];
  values: ValueDecl[];
}
