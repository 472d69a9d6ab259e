// The IR every layer above lowering reads: one IrFunction per function,
// method and function literal, made of basic blocks of instructions over
// access paths. It keeps what map hazards depend on — map accesses, where
// values come from, calls, goroutines, locks, channels, waits, branches on
// nil-ness — and drops the rest. Plain data: no tree-sitter node survives
// lowering, so trees are freed before anything reads the IR.
//
// Lowering is syntactic. It does not know types: an `index` access is any
// `x[k]`, a `lock` is any zero-argument Lock/RLock/Unlock/RUnlock call on a
// path, a `method` callee may turn out to be a func-typed field. The
// semantic layer decides what each is.
//
// Conventions of lowering (src/analysis/lower/), which produces this IR:
// - Package-level `var` declarations of a file are lowered into one
//   synthetic function per file named `<vars>` (kind "func", receiver null,
//   made at the file's first var declaration, its span from there to the
//   last one): assigns to `package` roots, `define` set, e.g.
//   `var cache = map[string]int{}` is `@cache := map[string]int{}` and
//   `var mu sync.Mutex` is `@mu := zero(sync.Mutex)`. Function literals in
//   initialisers are its closures (`<vars>$1`). `init` functions stay
//   ordinary functions; the second and later of a package are `init#2`,
//   `init#3`...
// - Blocks that no path from the entry reaches (code after a return, a
//   panic or a loop without exit) are dropped, with their instructions.
// - Tuple forms are one instruction with several targets: `v, ok := m[k]`
//   is an access read of m and an assign [v, ok] of element(m);
//   `v, ok := x.(T)` an assign [v, ok] of the assertion; `v, ok := <-ch` a
//   recv with targets [v, ok]; `x, err := f()` a call with results [x, err].
//   An index target `m[k] = v` is an assign to `m[]` and an access write on m.
// - A range loop assigns its first variable from range-key and its second
//   from range-value, whatever it ranges over (over a channel or a function
//   the first variable is in fact the element: the semantic layer knows).
// - Dropped: `x += n`, `x++` on a variable (numbers and strings), local
//   type and const declarations (they only shadow names), conversions'
//   and arithmetic's inner structure (a Value `const` or `convert`).

/** 1-based lines and columns (UTF-16 code units; endColumn exclusive), like Location without a path. */
/** A span as a key: one instruction's place in its file. */
export function spanKey(s: Span): string {
  return `${s.line}:${s.column}:${s.endLine}:${s.endColumn}`;
}

export interface Span {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** A type as written in the source. `text` is the source text, normalised to single spaces. */
export type TypeRef =
  | { kind: "named"; text: string; pkg: string | null; name: string; args: TypeRef[] }
  | { kind: "pointer"; text: string; elem: TypeRef }
  | { kind: "map"; text: string; key: TypeRef; value: TypeRef }
  | { kind: "slice"; text: string; elem: TypeRef }
  | { kind: "array"; text: string; elem: TypeRef }
  | { kind: "chan"; text: string; elem: TypeRef }
  | { kind: "func"; text: string; params: TypeRef[]; results: TypeRef[] }
  | { kind: "struct"; text: string; fields: { name: string; type: TypeRef; embedded: boolean }[] }
  | { kind: "interface"; text: string }
  | { kind: "other"; text: string };

export type VarKind = "receiver" | "param" | "result" | "local" | "captured" | "temp";

/** A variable of one function. Package-level names are not Vars: they are `package` roots by name. */
export interface Var {
  /** Index in IrFunction.vars. */
  id: number;
  /** Source name; temps are `t0`, `t1`, ...; `_` never becomes a Var. */
  name: string;
  kind: VarKind;
  /** For param and result: its position in the signature (0-based). */
  index?: number;
  /** Declared type, when the declaration writes one (`var m map[K]V`, parameters, results). */
  type: TypeRef | null;
  /** The declaring name; null for temps. */
  declared: Span | null;
  /** UTF-16 offset of the declaring name in the file; -1 for temps. */
  at: number;
  /** For captured: the enclosing function and its Var this one stands for. */
  outer?: { fn: number; var: number };
}

export type Selector =
  /**
   * `inline`: never set by lowering. The nil flow's canonical paths
   * (summaries/nil/canonical-paths.ts) mark a field embedded by value, whose
   * zero value its parent's zero value holds.
   */
  | { kind: "field"; name: string; inline?: true }
  | { kind: "index" }
  | { kind: "deref" };

/**
 * An access path: a root followed by selectors, e.g. `c.items[]` is
 * var(c) .items []. `truncated` is set when selectors past MAX_PATH_DEPTH
 * were cut off (the path then stands for a prefix of the real one).
 */
export interface Path {
  root: PathRoot;
  selectors: Selector[];
  truncated?: boolean;
}

export type PathRoot =
  /** A Var of the function the path appears in. */
  | { kind: "var"; var: number }
  /** A package-level name of this package (variable, or a function used as a value). */
  | { kind: "package"; name: string }
  /** A package-level name of an imported package: `http.DefaultClient`. */
  | { kind: "external"; pkg: string; name: string };

export const MAX_PATH_DEPTH = 4;

/** Where a value comes from. */
export type Value =
  | { kind: "path"; path: Path }
  /** `&x`, `&x.f`. */
  | { kind: "addr"; path: Path }
  | { kind: "nil" }
  /** `capacity`: the size argument when it is a decimal literal (`make(chan struct{}, 1)`). */
  | { kind: "make"; type: TypeRef; sized: boolean; capacity?: number }
  | { kind: "new"; type: TypeRef }
  /** The zero value of a declared type: `var x T`. */
  | { kind: "zero"; type: TypeRef }
  /**
   * A composite literal. `fields` holds keyed elements whose keys are
   * identifiers (struct fields); `elements` the others' values (positional
   * struct fields, slice and map elements). `pointer` for `&T{...}`.
   */
  | { kind: "literal"; type: TypeRef | null; pointer: boolean; fields: LiteralField[]; elements: Value[]; span: Span }
  | { kind: "closure"; fn: number }
  /** A function or method of this package or another used as a value: `handle`, `s.serve`, `(*T).M`. */
  | { kind: "func"; callee: Callee }
  | { kind: "convert"; type: TypeRef; value: Value }
  /** `x.(T)`; with comma-ok the tuple's first value. */
  | { kind: "assert"; value: Value; type: TypeRef | null }
  /** `m[k]` read as a value (the access itself is a separate instruction). */
  | { kind: "element"; of: Path }
  /** Values of a range loop over `of`: the key (index) and the value (element). */
  | { kind: "range-key"; of: Path }
  | { kind: "range-value"; of: Path }
  /** The second value of a comma-ok form (`v, ok := m[k]`, `x.(T)`, `<-ch`): a boolean. */
  | { kind: "ok" }
  /** Constants, arithmetic, strings: nothing a map rule needs. */
  | { kind: "const" }
  /** Anything else (a call result is never this: calls write their results to paths). */
  | { kind: "unknown" };

export interface LiteralField {
  name: string;
  value: Value;
}

/** What a call calls, as written. */
export type Callee =
  /** `f(...)` where f is not a local: a package function, or a package variable of func type. */
  | { kind: "func"; name: string; typeArgs?: TypeRef[] }
  /** `x.M(...)` on a path: a method, or a func-typed field `M` of x. */
  | { kind: "method"; recv: Path; name: string }
  /** `pkg.F(...)` through an import (`pkg` is the import path). */
  | { kind: "external"; pkg: string; name: string }
  /** `T.M(x)`, `(*T).M(x)`: a method expression; the receiver is the first argument. */
  | { kind: "method-expr"; type: TypeRef; name: string }
  /** Calling a func-typed local, parameter or captured variable: `fn()`. */
  | { kind: "value"; path: Path }
  | { kind: "closure"; fn: number }
  /** A builtin not shadowed by a local: append, copy, close, panic, print, ... (len, delete and clear become accesses). */
  | { kind: "builtin"; name: string }
  /** Anything else: a call of a call's result, of an index expression, ... */
  | { kind: "dynamic"; text: string };

export interface Call {
  callee: Callee;
  args: Value[];
  /** `f(xs...)`. */
  spread: boolean;
}

export type AccessKind = "read" | "write" | "delete" | "range" | "len" | "clear";

interface InstrBase {
  /** The instruction's own source range. */
  span: Span;
  /** UTF-16 offset of the span's start in the file: source order. */
  at: number;
  /** The whole statement the instruction comes from (what a comment points at). */
  stmt: Span;
}

export type Instr =
  /**
   * An index-expression access on `path` (the indexed value: a map, a
   * slice, a string...): `m[k]` reads, `m[k] = v` writes, `delete(m, k)`,
   * `len(m)`, `clear(m)`, `for range m`. For writes, `operator` is `=`,
   * `+=`, `++`...
   */
  | (InstrBase & { op: "access"; kind: AccessKind; path: Path; operator?: string })
  /**
   * `targets = value`. Several targets only for tuple values (a comma-ok
   * form); a null target is `_`. `define` for `:=` and `var`.
   */
  | (InstrBase & { op: "assign"; targets: (Path | null)[]; value: Value; define: boolean })
  /** A call; its results are written to `results` (temps, or the assigned paths; null for `_`). */
  | (InstrBase & { op: "call"; call: Call; results: (Path | null)[] })
  /**
   * A new goroutine running `call`: `go f(x)`, and calls that start their
   * function argument in a goroutine: `errgroup.Group.Go(f)`,
   * `sync.WaitGroup.Go(f)` (spawn "group", on `group`), `time.AfterFunc(d, f)`
   * (spawn "timer").
   */
  | (InstrBase & { op: "go"; call: Call; spawn: "go" | "group" | "timer"; group?: Path })
  /** A deferred call; runs at every return (and panic) of the function. */
  | (InstrBase & { op: "defer"; call: Call })
  | (InstrBase & { op: "lock"; mutex: Path; mode: "read" | "write" })
  | (InstrBase & { op: "unlock"; mutex: Path; mode: "read" | "write" })
  | (InstrBase & { op: "send"; channel: Path; value: Value })
  /** A receive; `targets` are the value and, with comma-ok, the ok flag. */
  | (InstrBase & { op: "recv"; channel: Path; targets: (Path | null)[] })
  /** `wg.Wait()`, `g.Wait()`: a join. */
  | (InstrBase & { op: "wait"; group: Path })
  /** `wg.Add(n)`, `wg.Done()`. */
  | (InstrBase & { op: "wg"; group: Path; method: "Add" | "Done" })
  | (InstrBase & { op: "return"; values: Value[] });

/** A branch condition mapguard reasons about; anything else is opaque. */
export type Cond =
  /** `path == nil` (`negated`: `!= nil`). */
  | { kind: "nil"; path: Path; negated: boolean }
  /** A comma-ok flag or other boolean variable: `if ok`, `if !ok`. */
  | { kind: "bool"; path: Path; negated: boolean }
  /** `len(path) <op> value`, e.g. `len(m) == 0`. */
  | { kind: "len"; path: Path; op: string; value: string }
  | { kind: "opaque"; text: string };

export type Terminator =
  | { kind: "jump"; to: number }
  /** Two-way; `&&`, `||` and `!` are lowered into chains of branches. */
  | { kind: "branch"; cond: Cond; then: number; else: number; span: Span }
  /** Several successors with no condition mapguard reads: switch and select cases, range loop heads. */
  | { kind: "switch"; to: number[]; span: Span }
  /** Leaves the function normally (a `return` instruction precedes it, or the body's end). */
  | { kind: "return" }
  /** Leaves the function abnormally: `panic`, `log.Fatal*`, `os.Exit`, `runtime.Goexit`, `t.Fatal*`. */
  | { kind: "panic" };

export interface Block {
  id: number;
  instrs: Instr[];
  term: Terminator;
  /** What made the block, for the printer: `entry`, `if.then`, `for.body`, `range.head`, `select.case`... */
  label: string;
}

export interface IrFunction {
  /** Index in PackageIr.functions. */
  id: number;
  /**
   * `Name`, `(*T).Name`, `(T).Name`; a function literal is its enclosing
   * function's name with `$1`, `$2`... in source order (`main$1$1` nested).
   */
  name: string;
  /** File path. */
  path: string;
  kind: "func" | "method" | "closure";
  /** For methods: the receiver's type name (without `*` or type parameters) and whether it is a pointer. */
  receiver: { type: string; pointer: boolean } | null;
  /** Type parameter names of the function or of its receiver's type. */
  typeParams: string[];
  /** For closures: the function whose body holds the literal. */
  parent: number | null;
  /** The `func` keyword to the closing brace. */
  span: Span;
  /** Receiver first, then parameters, in order; results after them (named or not). */
  vars: Var[];
  /** The Vars of the named parameters, in order (an unnamed or `_` parameter has none; Var.index is its position). */
  params: number[];
  /** One Var per result, in order: named results by their names, unnamed ones as `~r0`, `~r1`... */
  results: number[];
  /** blocks[0] is the entry. A function without a body (assembly, external) has one empty block. */
  blocks: Block[];
  /** The body contains a syntax error: its IR may be incomplete. */
  broken: boolean;
  /** The body, or a function literal in it, has a `goto`: source order is not the order code runs in. */
  gotos: boolean;
  /** Labels of what lowering dropped or cut, e.g. "path cut at depth 4", for the printer and for rules that must stay silent. */
  notes: string[];
}

/** The IR of a package: every function of every file, in file order then source order. */
export interface PackageIr {
  functions: IrFunction[];
}
