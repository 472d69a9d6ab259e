// What a nil summary says about one function, over its own parameters,
// receiver, results and package variables, so a caller can substitute its
// arguments. Plain data: a summary outlives the analysis that made it.
import type { Path, Span } from "../../lower/ir.js";

/** Where a nil comes from, in a form that still means something in another function. */
export interface SummaryOrigin {
  /** "stored": an element read of a collection a store elsewhere fills with an element lacking the map (`callee` names the storing function and its origin). */
  kind: "nil" | "zero" | "omitted" | "new" | "branch" | "decode" | "callee" | "stored";
  /** File of the function the origin is in. */
  file: string;
  span: Span;
  /** For `callee`: the function whose result (or whose decode) made it nil, and that function's own origins. */
  callee?: { fn: number; name: string; origins: readonly SummaryOrigin[] };
  /** The return that hands the nil out also returns an error that is not the nil constant (`return nil, err`). */
  withError?: boolean;
}

/**
 * "always": nil on every return; "maybe": nil on some path (origins say
 * which); "never": non-nil on every return; "unknown": nothing known (a
 * parameter passed through, another package's result).
 */
export type ResultNilKind = "always" | "maybe" | "never" | "unknown";

export interface ResultNil {
  /** Result position (0-based). */
  index: number;
  /** Field names below the result (`["labels"]` for `T.labels` of a `*T` result); empty for the result itself. */
  fieldPath: readonly string[];
  kind: ResultNilKind;
  origins: readonly SummaryOrigin[];
  /**
   * Parameters whose nil-ness the result follows: with parameter i non-nil
   * on entry the result is never nil, so it is nil only when param i is
   * (`clone(m)` returns nil for a nil m); -1 stands for the receiver
   * (`m.Clone()`). Empty when unconditional.
   */
  nilWhenParamNil: readonly number[];
  /**
   * The function's last result is an error, and this one is nil on every
   * return that hands out an error and non-nil on every other: a caller that
   * checked the error knows which (`n, err := c.Update(n); if err != nil { n.Labels[k] = v }`).
   */
  onError?: true;
}

/** A root a summary path hangs off: the callee's receiver, parameter `index`, or a package variable. */
export type SummaryRoot =
  | { kind: "receiver" }
  | { kind: "param"; index: number }
  | { kind: "package"; name: string }
  /**
   * A variable a closure captures, named by the function that declares it
   * and its Var there: only requirements use it, read at the closure's
   * `go`, `defer` or call in a function that sees the variable.
   */
  | { kind: "captured"; fn: number; var: number };

export interface SummaryPath {
  root: SummaryRoot;
  fields: readonly string[];
}

export interface FieldInit {
  /** The struct type's name (a package type). */
  type: string;
  /** Field path below a value of that type. */
  fieldPath: readonly string[];
  /** Which value of the function holds the struct. */
  on: SummaryRoot | { kind: "result"; index: number };
  /**
   * "initialises": non-nil on every normal exit; "leaves-nil": nil on some exit;
   * "kept-or-made": made on some exits and left as the caller handed it on the
   * others (an out-parameter `*out = m` set on one path only).
   */
  state: "initialises" | "leaves-nil" | "kept-or-made";
  origins: readonly SummaryOrigin[];
}

/** One hop of a requirement's chain: the call (or, last, the write) in a function. */
export interface ChainHop {
  fn: number;
  name: string;
  file: string;
  span: Span;
}

/** A map path the function writes without a nil check on the way: callers must pass it non-nil. */
export interface Requirement {
  path: SummaryPath;
  /** From this function's call (or write) down to the write; the last hop is the write itself. */
  chain: readonly ChainHop[];
}

/** A call that hands a callee a value whose required path may be nil here. */
export interface Violation {
  /** The caller's path as written (`y.M`). */
  path: string;
  fact: "nil" | "maybe-nil";
  origins: readonly SummaryOrigin[];
  /** For maybe-nil: some path to the call leaves the value unknown, not known non-nil. */
  unsure: boolean;
  /** From the caller's call down to the write. */
  chain: readonly ChainHop[];
}

/**
 * A map write of the function itself whose map is nil (on every path) or
 * maybe nil (on some) just before it, by the function's flow nil-ness with
 * its callees' summaries plugged in. Parameters and receivers count only
 * when the function makes them nil itself; unknown ones are requirements.
 */
export interface NilWrite {
  /** Position of the write in the function's blocks. */
  block: number;
  index: number;
  /** The written map's path, as the function writes it. */
  path: Path;
  /** The write's statement. */
  stmt: Span;
  fact: "nil" | "maybe-nil";
  origins: readonly SummaryOrigin[];
  /** For maybe-nil: some path to the write leaves the map unknown, not known non-nil (a call that may make it). */
  unsure: boolean;
}

/** A path a function may change: itself and what lies under it, or (`under`) only what lies strictly under it. */
export interface TouchedPath {
  path: SummaryPath;
  under: boolean;
}

export interface Touched {
  /** Anything reachable may change (an alias of a parameter, a capture, a call of unknown effect on one). */
  all: boolean;
  paths: readonly TouchedPath[];
}

export interface FunctionNilSummary {
  fn: number;
  results: readonly ResultNil[];
  inits: readonly FieldInit[];
  requires: readonly Requirement[];
  violations: readonly Violation[];
  /** Its own map writes to a nil or maybe-nil map. */
  nilWrites: readonly NilWrite[];
  /** What it may change on what its caller can see; `all` when it cannot tell. */
  touches: Touched;
}
