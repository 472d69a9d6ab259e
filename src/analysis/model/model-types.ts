// The facts one walk over a package establishes, shared by every rule. Plain
// data: no tree-sitter nodes survive the walk, so trees are freed before any
// rule runs and rules cannot walk trees on their own.
import type { Location } from "../types.js";
import type { ConcurrencyFacts } from "./goroutine-types.js";
import type { LibraryFacts } from "./library-types.js";
import type { HeldLock, LockFacts } from "./lock-types.js";

export type SymbolKind = "package" | "local" | "param" | "result" | "receiver" | "field";

/** A variable whose type mapguard knows to be a map (map type, named map type, make/literal). */
export interface MapSymbol {
  id: number;
  name: string;
  kind: SymbolKind;
  path: string;
  /** Where the name is declared. */
  declared: Location;
  /** Source text of the map type (`map[string]int`, `Labels`), when written out or inferable. */
  typeText: string | null;
  /** Declared without an initialiser (or `= nil`): the map starts nil. */
  nilAtDeclaration: boolean;
  /** Exported package-level name: another package may assign it. */
  exported: boolean;
  /** The declaration statement, for fixes; null when several names share it or it shares its line. */
  declaration: DeclarationSite | null;
  /** UTF-16 offset of the declaring name in its file. */
  at: number;
  /** Function (index into PackageModel.functions) and closure that declare it; -1 for package level. */
  functionIndex: number;
  closure: number;
  /**
   * For kind "field": the struct type declaring the field (one symbol per
   * struct type and field; promoted fields resolve to the embedded type's
   * symbol). Absent for variables.
   */
  owner?: string | null;
}

/** How a declaration sits in the source, so a fix can rewrite its line. */
export interface DeclarationSite {
  line: number;
  /** The line's text before the declaration (its indentation) and after it (a comment, or nothing). */
  indent: string;
  trailing: string;
  /** `var m map[K]V` on its own, or a spec inside `var ( ... )`. */
  form: "var" | "var-spec" | "named-result";
  /** For named results: the line holding the body's `{`, when it ends that line. */
  bodyOpenLine: number | null;
}

export type AssignSource = "make" | "literal" | "call" | "multi" | "return" | "other";

export type MapEventKind =
  | "declare"
  | "assign"
  | "nil"
  | "address"
  | "write"
  | "read"
  | "delete"
  | "len"
  | "range"
  | "escape"
  | "nil-compare";

/**
 * One thing that happens to a map symbol, in source order. The context fields
 * are what rules need to reason about paths without a control-flow graph.
 */
export interface MapEvent {
  kind: MapEventKind;
  symbol: MapSymbol;
  /** UTF-16 offset in the file: the order of events within a function. */
  at: number;
  location: Location;
  /** The whole statement (for writes: what the comment points at). */
  statement: Location;
  /** For declare and assign events: where the value comes from (absent: no initialiser). */
  source?: AssignSource;
  /** For writes: `=`, `+=`, `++`, ... */
  operator?: string;
  /** For writes: `m[a][b] = v` writes an inner map; `m` itself is only read. */
  nested?: boolean;
  /** For field symbols: the struct value the field was reached through (`c` in `c.m[k]`). */
  base?: FieldBase;
  context: AccessContext;
}

/**
 * The value a map field is reached through. For `s.inner.m[k] = v`: text
 * "s.inner", rootName "s". `rootValue` identifies the variable across the
 * package (an index into PackageModel.structValues), so a rule can tell
 * `a.m` from `b.m` and find how the root was constructed.
 */
export interface FieldBase {
  /** Source text of the operand before `.f`, e.g. `c`, `s.inner`. */
  text: string;
  rootName: string;
  rootKind: SymbolKind;
  /** UTF-16 offset of the root variable's declaring name in its file. */
  rootDeclaredAt?: number;
  /** Index into PackageModel.structValues of the root variable. */
  rootValue?: number;
  /** The field is reached directly on the root (`x.f`), not through other fields (`x.a.f`). */
  direct: boolean;
}

/** A struct type declared in the package. */
export interface StructType {
  name: string;
  path: string;
  declared: Location;
  fields: readonly StructField[];
}

export interface StructField {
  /** For an embedded field, the embedded type's name. */
  name: string;
  embedded: boolean;
  /** The map type's text when the field is a map (map type or named map type of the package). */
  mapType: string | null;
  /** A struct type of the package the field holds (`T` or `*T`), for `a.b.f` and promotion. */
  structType: string | null;
  /** The field has a struct tag (`json:"..."`): decoders may fill it. */
  tagged: boolean;
  /** The field's type as written (`sync.RWMutex`, `*Inner`, `map[string]int`). */
  typeText: string;
  /** The field's name (or embedded type) in the struct's file, and its UTF-16 offset there. */
  declared: Location;
  at: number;
}

/** Where a value of a package struct type comes into being. */
export interface Construction {
  type: string;
  /** `T{...}`/`&T{...}`, `new(T)`, `var x T` (zero value). */
  form: "literal" | "new" | "var";
  /** Fields the literal sets to something other than `nil`; null when positional (every field). */
  fieldsSet: readonly string[] | null;
  path: string;
  at: number;
  location: Location;
  functionIndex: number;
  /** The struct variable it initialises (`x := T{}`, `var x T`), an index into structValues. */
  value: number | null;
  /** For literals: how the literal sits in the source, so a fix can add a field. */
  literal: LiteralSite | null;
}

export interface LiteralSite {
  /** 1-based lines of `{` and `}` of the literal's body. */
  openLine: number;
  closeLine: number;
  /** The indentation of the line holding `}`. */
  closeIndent: string;
  /** The body holds at least one keyed element and no positional one. */
  keyed: boolean;
}

/** A variable of a package struct type (`T` or `*T`). */
export interface StructValue {
  id: number;
  name: string;
  type: string;
  pointer: boolean;
  kind: SymbolKind;
  path: string;
  /** UTF-16 offset of the declaring name. */
  at: number;
  functionIndex: number;
  closure: number;
  /**
   * Where the variable itself is used other than to reach one of its fields:
   * assigned, addressed, passed, a method called on it. Any of these may
   * initialise its maps.
   */
  touches: StructTouch[];
}

export interface StructTouch {
  path: string;
  /** UTF-16 offset in `path`. */
  at: number;
  functionIndex: number;
  closure: number;
}

export interface AccessContext {
  functionIndex: number;
  /** Innermost function literal (0 = the function itself). */
  closure: number;
  /** Offsets [start, end) of loops enclosing the event, innermost last. */
  loops: readonly Span[];
  /** Offsets [start, end) of the block holding the event's statement. */
  block: Span;
  /** Map symbols mentioned by conditions (if/for/switch) enclosing the event. */
  guardedBy: ReadonlySet<number>;
  /** Mutexes held at the access, with their mode (see lock-types.ts). */
  locksHeld: readonly HeldLock[];
  /** Reserved for the concurrency rules: the `go` statement whose body holds the access. */
  goroutine: number | null;
}

export interface Span {
  start: number;
  end: number;
}

export interface FunctionModel {
  index: number;
  name: string;
  path: string;
  /** A method's receiver type name, or null for plain functions. */
  receiver: string | null;
  /** `func init()`: runs before anything outside the package can. */
  isInit: boolean;
  span: Span;
  /** The function contains a syntax error: its facts are incomplete. */
  broken: boolean;
  /** `goto` makes textual order a poor guide to execution order. */
  hasGoto: boolean;
  /** false when a cheap text check showed the body cannot matter and it was not walked. */
  walked: boolean;
}

export interface NamedMapType {
  name: string;
  /** The underlying map type's text, e.g. `map[string]string`. */
  underlying: string;
}

export interface FileModel {
  path: string;
  text: string;
  packageName: string;
  /** Lines of `text` (without line terminators), for fixes and fingerprints. */
  lines: readonly string[];
  /** Offsets of ERROR / MISSING regions; nothing inside them is reported. */
  errorSpans: readonly Span[];
  /** The same regions as 1-based line ranges (inclusive). */
  errorLines: readonly { start: number; end: number }[];
  firstErrorLine: number | null;
}

export interface PackageModel {
  dir: string;
  name: string;
  files: readonly FileModel[];
  functions: readonly FunctionModel[];
  symbols: readonly MapSymbol[];
  /** Events per symbol id, in source order within each file. */
  events: ReadonlyMap<number, readonly MapEvent[]>;
  namedMapTypes: ReadonlyMap<string, NamedMapType>;
  /** Struct types declared in the package, by name. */
  structTypes: ReadonlyMap<string, StructType>;
  /** Where values of those types are made, in source order per file. */
  constructions: readonly Construction[];
  /** Variables of those types, by id. */
  structValues: readonly StructValue[];
  /** Goroutine bodies, handlers, joins and hand-offs (see goroutine-types.ts). */
  concurrency: ConcurrencyFacts;
  /** Mutexes, lock calls and per-function lock facts (see lock-types.ts). */
  locks: LockFacts;
  /** Text of the package's syntax-error regions: a name mentioned there may be assigned there. */
  brokenText: string;
  /** Variables holding a nil `http.Header`, `url.Values` or `http.Request` header (see library-types.ts). */
  library: LibraryFacts;
}
