// Values of well-known library types that hold a map underneath: an
// `http.Header` or `url.Values` variable (both are maps), and the `Header`
// and `Trailer` fields of an `http.Request` or `http.Response` value. Their methods `Set` and
// `Add` write to that map, so a nil one panics like any nil map. These facts
// are kept apart from the package's map symbols: they come from another
// package's types, and only the initialisation rules read them.
import type { Location } from "../types.js";
import type { DeclarationSite, Span } from "./model-types.js";

/** A library map type: `Header` of net/http, `Values` of net/url. */
export interface LibraryMapType {
  importPath: string;
  type: string;
  /** How a fix creates one, given the type as written: `make(http.Header)`, `url.Values{}`. */
  create: "make" | "literal";
}

/** A map field of a library struct type that its literals may leave nil (one entry per field). */
export interface LibraryStructType {
  importPath: string;
  type: string;
  field: string;
  /** The field's type, in the same package (or in `fieldImportPath`). */
  fieldType: string;
  /** For a struct type of the analysed package (`importPath` ""): the package of the field's type. */
  fieldImportPath?: string;
}

export const LIBRARY_MAP_TYPES: readonly LibraryMapType[] = [
  { importPath: "net/http", type: "Header", create: "make" },
  { importPath: "net/url", type: "Values", create: "literal" },
];

export const LIBRARY_STRUCT_TYPES: readonly LibraryStructType[] = [
  { importPath: "net/http", type: "Request", field: "Header", fieldType: "Header" },
  { importPath: "net/http", type: "Response", field: "Header", fieldType: "Header" },
  { importPath: "net/http", type: "Request", field: "Trailer", fieldType: "Header" },
  { importPath: "net/http", type: "Response", field: "Trailer", fieldType: "Header" },
];

/** Methods of the library map types that write to the map (and so panic on a nil one). */
export const LIBRARY_WRITE_METHODS: ReadonlySet<string> = new Set(["Set", "Add"]);
/** Methods that only read it: all fine on a nil map (`Del` deletes, a no-op on nil). */
export const LIBRARY_READ_METHODS: ReadonlySet<string> = new Set(["Get", "Values", "Has", "Del", "Clone", "Encode", "Write", "WriteSubset"]);

/**
 * How a nil library map came to be, as far as one function shows it:
 * - "var": `var h http.Header` (or `= nil`), the variable is the map;
 * - "literal": `http.Request{...}` / `&http.Request{...}` without `Header`;
 * - "new": `new(http.Request)`; "zero": `var r http.Request`;
 * - "package": a package-level `var h http.Header` nothing in the package
 *   assigns (one value per function that writes it; see library-package.ts).
 */
export type LibraryValueForm = "var" | "literal" | "new" | "zero" | "package";

export interface LibraryLiteralSite {
  /** 1-based lines of the literal body's `{` and `}`. */
  openLine: number;
  closeLine: number;
  /** 0-based UTF-16 column of `}` on its line. */
  closeColumn: number;
  /** The indentation of the line holding `}`. */
  closeIndent: string;
  /** The literal names the field already (as `nil`): adding it again would not compile. */
  hasField: boolean;
}

export interface LibraryValue {
  id: number;
  name: string;
  path: string;
  functionIndex: number;
  closure: number;
  form: LibraryValueForm;
  /** For struct forms: the map field (`Header`, `Trailer`); null when the variable is the map. */
  field: string | null;
  /** The variable's type as written in the file: `http.Header`, `url.Values`, `http.Request`. */
  typeText: string;
  /** The nil map as the code reaches it: `h`, `req.Header`. */
  mapText: string;
  /** The map's type as the file would write it (`http.Header`) and how a fix creates one. */
  mapTypeText: string;
  create: LibraryMapType["create"];
  /** The declaring name and UTF-16 offset; uses before `after` belong to another variable. */
  declared: Location;
  at: number;
  after: number;
  /** The declaring statement (or the literal), for messages. */
  statement: Location;
  /** The block that declares the variable: its uses lie inside. */
  block: Span;
  loops: readonly Span[];
  /** For "var": how the declaration sits, so a fix can rewrite it. */
  declaration: DeclarationSite | null;
  /** For "literal": how the literal sits, so a fix can add the field. */
  literal: LibraryLiteralSite | null;
  uses: LibraryUse[];
}

/**
 * One use of a tracked variable. "write": `Set`/`Add` or an index write on
 * the map; "read": anything that leaves it nil and cannot make it (`Get`,
 * `m[k]`, `len`, `range`, another field of the struct); "other": anything
 * that may give it a map — assigned, addressed, passed, compared with nil
 * in a condition, a method of the struct called, a name declared again.
 */
export interface LibraryUse {
  kind: "write" | "read" | "other";
  /** For writes: the method (`Set`, `Add`) or `index`. */
  how: string;
  at: number;
  statement: Location;
  closure: number;
  loops: readonly Span[];
}

export interface LibraryFacts {
  values: readonly LibraryValue[];
}
