// Facts about code that runs concurrently: goroutine bodies and their spawn
// sites, net/http handlers, and the points where a spawner waits for what it
// started. Plain data, like the rest of the model (see RULES.md, Concurrency).
import type { Location } from "../types.js";
import type { FieldBase, Span } from "./model-types.js";

export type ConcurrentKind = "go" | "errgroup" | "wait-group" | "after-func" | "handler";

/**
 * A body that runs concurrently with other code: the function literal of a
 * `go` statement (or of `g.Go`, `wg.Go`, `time.AfterFunc`), a function or
 * method of the package launched with `go f(x)`, or a net/http handler.
 * Events inside a literal body carry its index in `AccessContext.goroutine`;
 * a named body is the whole function `target` (its events carry `null`).
 */
export interface Goroutine {
  index: number;
  kind: ConcurrentKind;
  path: string;
  /** The function whose code holds the spawn (or the handler literal, or the handler itself). */
  functionIndex: number;
  /** The concurrent body enclosing the spawn site, if any. */
  parent: number | null;
  /** The `go` statement or registering call; for a handler function, its name. */
  spawn: Location;
  /** Offsets [start, end) of the spawn site: spawner code after `end` runs alongside. */
  site: Span;
  /** Loops of the spawner enclosing the spawn: each iteration starts another copy. */
  loops: readonly Span[];
  /** For a literal body: its closure number within `functionIndex`, and its span. */
  closure: number | null;
  body: Span | null;
  /** For `go f(x)`, `go x.m(y)`: the callee's name and whether it is a method. */
  callee: CalleeRef | null;
  /** Arguments of the started call, per position: the map symbol id each names (or null) and its text. */
  args: readonly { symbol: number | null; text: string }[];
  /** Parameter names of the body (literal or resolved target), per position; "" for `_` or unnamed. */
  params: readonly string[];
  /** Resolved after the walk: the package function or method `callee` names, when unambiguous. */
  target: number | null;
  /** Channel operands (source text) the body sends on or closes: a receive from one joins it. */
  sendsOn: string[];
  /** The body calls `recover()`: which does not catch `fatal error: concurrent map writes`. */
  recovers: boolean;
}

export interface CalleeRef {
  name: string;
  method: boolean;
}

/** A point where a spawner may wait for goroutines it started. */
export interface JoinPoint {
  kind: "wait" | "receive";
  functionIndex: number;
  /** The concurrent body holding the join, or null. */
  goroutine: number | null;
  at: number;
  /** The block holding the join's statement: it joins only for code later in that block. */
  block: Span;
  /** For receives: the channel's source text. */
  channel: string | null;
}

/** A function literal run synchronously under `sync.Once` (`once.Do(func() {...})`). */
export interface OnceBody {
  functionIndex: number;
  closure: number;
}

/** A map handed over: sent on a channel, or passed as an argument of a `go` statement. */
export interface MapHandOff {
  kind: "send" | "go-arg";
  symbol: number;
  /** For a map field (`s.out <- s.attrs`): the struct value it was reached through. */
  base?: FieldBase;
  functionIndex: number;
  goroutine: number | null;
  at: number;
  location: Location;
  /** For send: the channel's source text. */
  channel: string | null;
  /** For go-arg: the goroutine it starts. */
  spawned: number | null;
  /** Loops enclosing the hand-off: a write early in the next iteration follows it too. */
  loops: readonly Span[];
}

export interface ConcurrencyFacts {
  goroutines: readonly Goroutine[];
  joins: readonly JoinPoint[];
  once: readonly OnceBody[];
  handOffs: readonly MapHandOff[];
  /** Parameter names per walked function index, in order, for mapping `go f(x)` arguments. */
  params: ReadonlyMap<number, readonly string[]>;
}
