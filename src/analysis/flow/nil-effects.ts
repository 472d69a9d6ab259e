// Each instruction of a function compiled, once, into what it does to the
// tracked paths' nil-ness: set a fact, copy another path's fact, or forget
// (unknown). The transfer function then only applies these lists, however
// often the solver visits a block.
import type { Call, Cond, Instr, IrFunction, Path, Span } from "../lower/ir.js";
import { coversKey, extendsKey, pathKey, rootKey, untruncatedKey } from "./path-key.js";
import { NON_NIL, type NilFact, type NilOrigin, type NilOriginKind, nilFrom, UNKNOWN } from "./nil-facts.js";
import type { TrackedPaths } from "./nil-tracked.js";
import { isPath, type OriginOf, valueAt } from "./nil-values.js";

/**
 * Sets path `index` to `fact` or to the fact path `from` had before the
 * instruction. `weak`: the target is one element of many (`m[k] = ...`), so
 * the new fact joins the old one instead of replacing it.
 */
export type NilEffect = { index: number; weak: boolean; fact: NilFact } | { index: number; weak: boolean; from: number };

/** What a call does to the caller's paths, when a summary knows: replaces the conservative default. */
export interface CallNilEffect {
  /** Paths (and the paths under them) whose facts become unknown. */
  kills?: readonly Path[];
  /** Paths the callee surely leaves nil or non-nil (it initialises `c.m`). */
  sets?: readonly { path: Path; kind: "nil" | "non-nil" }[];
}

export interface NilHooks {
  /** Nil-ness of result `index` of a call; null or absent: unknown. */
  callResultNil?(call: Call, index: number, instr: Instr): "nil" | "non-nil" | null;
  /** The effect of a call or `go` on the caller's paths; null or absent: the conservative default. */
  callEffect?(instr: Extract<Instr, { op: "call" | "go" }>): CallNilEffect | null;
  /** Vars of this function that its closures assign: any call may run such a closure, so calls forget them. */
  clobberedByCalls?: ReadonlySet<number>;
}

/** A branch on a tracked path's nil-ness: what each arm learns. */
export interface NilRefinement {
  index: number;
  then: "nil" | "non-nil" | null;
  else: "nil" | "non-nil" | null;
  origin: NilOrigin;
}

export interface CompiledNil {
  /** Per block, per instruction: its effects, or null when it changes nothing tracked. */
  effects: (readonly NilEffect[] | null)[][];
  refinements: (NilRefinement | null)[];
}

export function compileNil(fn: IrFunction, tracked: TrackedPaths, hooks: NilHooks): CompiledNil {
  let ids = 0;
  // Origins are made on first use, once per kind per instruction, so equal origins are one object.
  const originFor = (span: Span, at: number): OriginOf => {
    let made: Map<NilOriginKind, NilOrigin> | undefined;
    return (kind) => {
      made ??= new Map();
      let o = made.get(kind);
      if (!o) made.set(kind, (o = { kind, span, at, id: ids++ }));
      return o;
    };
  };
  const ctx: Context = { tracked, hooks, shared: sharedPaths(tracked, hooks) };
  const effects = fn.blocks.map((block) =>
    block.instrs.map((instr) => {
      if (instr.op !== "assign" && instr.op !== "call" && instr.op !== "go" && instr.op !== "recv") return null;
      const out: NilEffect[] = [];
      effectsOf(instr, ctx, originFor(instr.stmt, instr.at), out);
      return out.length > 0 ? out : null;
    }),
  );
  const refinements = fn.blocks.map((block) => {
    const t = block.term;
    return t.kind === "branch" ? refinementOf(t.cond, tracked, () => ({ kind: "branch", span: t.span, at: -1, id: ids++ })) : null;
  });
  return { effects, refinements };
}

interface Context {
  tracked: TrackedPaths;
  hooks: NilHooks;
  /** Tracked paths any call may change: under package variables and under variables closures assign. */
  shared: readonly number[];
}

function sharedPaths(tracked: TrackedPaths, hooks: NilHooks): number[] {
  const shared: number[] = [];
  for (const [root, list] of tracked.byRoot) {
    const global = root.startsWith("g:") || root.startsWith("x:");
    if (global || (hooks.clobberedByCalls?.has(Number(root.slice(1))) ?? false)) shared.push(...list);
  }
  return shared;
}

function effectsOf(instr: Instr, ctx: Context, origin: OriginOf, out: NilEffect[]): void {
  const { tracked, hooks } = ctx;
  switch (instr.op) {
    case "assign":
      instr.targets.forEach((target, i) => {
        if (!target) return;
        if (i > 0) forget(target, tracked, out);
        else assignFrom(target, tracked, out, (suffix) => valueAt(instr.value, suffix, origin));
      });
      return;
    case "call":
    case "go": {
      const summary = hooks.callEffect?.(instr) ?? null;
      if (summary) applySummary(summary, tracked, origin, out);
      else defaultCallKills(instr.call, ctx, out);
      if (instr.op === "go") return;
      instr.results.forEach((target, i) => {
        if (!target) return;
        const said = hooks.callResultNil?.(instr.call, i, instr) ?? null;
        const fact = said === "nil" ? nilFrom([origin("call")]) : said === "non-nil" ? NON_NIL : UNKNOWN;
        assignFrom(target, tracked, out, (suffix) => (suffix.length === 0 ? fact : UNKNOWN));
      });
      return;
    }
    case "recv":
      for (const target of instr.targets) if (target) forget(target, tracked, out);
      return;
    default:
      // Accesses, locks, defers (they run at the end), sends, waits, returns: no path changes its nil-ness.
      return;
  }
}

/** `target = ...`: every tracked path at or under target gets the value's fact there. */
function assignFrom(target: Path, tracked: TrackedPaths, out: NilEffect[], at: (suffix: Path["selectors"]) => NilFact | Path): void {
  const key = untruncatedKey(target);
  const weak = target.selectors.some((s) => s.kind === "index");
  for (const i of tracked.byRoot.get(rootKey(target.root)) ?? []) {
    if (!coversKey(tracked.keys[i], key)) continue;
    if (target.truncated) {
      out.push({ index: i, weak: false, fact: UNKNOWN });
      continue;
    }
    const source = at(tracked.paths[i].selectors.slice(target.selectors.length));
    if (!isPath(source)) out.push({ index: i, weak, fact: source });
    else {
      const from = tracked.index.get(pathKey(source));
      out.push(from === undefined ? { index: i, weak, fact: UNKNOWN } : { index: i, weak, from });
    }
  }
}

function forget(target: Path, tracked: TrackedPaths, out: NilEffect[]): void {
  killUnder(tracked, rootKey(target.root), untruncatedKey(target), true, out);
}

/** Facts of the tracked paths under `key` (and of `key` itself when `inclusive`) become unknown. */
function killUnder(tracked: TrackedPaths, root: string, key: string, inclusive: boolean, out: NilEffect[]): void {
  for (const i of tracked.byRoot.get(root) ?? []) {
    const k = tracked.keys[i];
    if (inclusive ? coversKey(k, key) : extendsKey(k, key)) out.push({ index: i, weak: false, fact: UNKNOWN });
  }
}

/**
 * Without a summary, a call may change whatever it can reach: what lies
 * under a pointer-ish argument or a method's receiver (`&x` reaches x
 * itself), any package variable, and the variables closures assign. A
 * builtin (append, copy, panic...) changes no path's nil-ness.
 */
function defaultCallKills(call: Call, ctx: Context, out: NilEffect[]): void {
  if (call.callee.kind === "builtin") return;
  const under = (path: Path, inclusive: boolean): void => killUnder(ctx.tracked, rootKey(path.root), untruncatedKey(path), inclusive, out);
  for (const arg of call.args) {
    if (arg.kind === "path") under(arg.path, false);
    else if (arg.kind === "addr") under(arg.path, true);
  }
  if (call.callee.kind === "method") under(call.callee.recv, false);
  for (const i of ctx.shared) out.push({ index: i, weak: false, fact: UNKNOWN });
}

function applySummary(summary: CallNilEffect, tracked: TrackedPaths, origin: OriginOf, out: NilEffect[]): void {
  for (const path of summary.kills ?? []) killUnder(tracked, rootKey(path.root), untruncatedKey(path), true, out);
  for (const { path, kind } of summary.sets ?? []) {
    const i = tracked.index.get(pathKey(path));
    if (i !== undefined) out.push({ index: i, weak: false, fact: kind === "non-nil" ? NON_NIL : nilFrom([origin("call")]) });
  }
}

/** `m == nil`, `m != nil`, and `len(m) > 0` (only a non-nil map has elements). */
function refinementOf(cond: Cond, tracked: TrackedPaths, origin: () => NilOrigin): NilRefinement | null {
  if (cond.kind !== "nil" && cond.kind !== "len") return null;
  if (cond.path.truncated) return null;
  const index = tracked.index.get(pathKey(cond.path));
  if (index === undefined) return null;
  if (cond.kind === "nil") {
    const [then, otherwise] = cond.negated ? (["non-nil", "nil"] as const) : (["nil", "non-nil"] as const);
    return { index, then, else: otherwise, origin: origin() };
  }
  const n = Number(cond.value);
  if (!Number.isInteger(n)) return null;
  const nonEmptyWhenTrue = (cond.op === ">" && n >= 0) || (cond.op === ">=" && n >= 1) || (cond.op === "!=" && n === 0) || (cond.op === "==" && n >= 1);
  const nonEmptyWhenFalse = (cond.op === "==" && n === 0) || (cond.op === "<=" && n === 0) || (cond.op === "<" && n === 1);
  if (!nonEmptyWhenTrue && !nonEmptyWhenFalse) return null;
  return { index, then: nonEmptyWhenTrue ? "non-nil" : null, else: nonEmptyWhenFalse ? "non-nil" : null, origin: origin() };
}
