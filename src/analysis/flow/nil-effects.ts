// Each instruction of a function compiled, once, into what it does to the
// tracked paths' nil-ness: set a fact, copy another path's fact, or forget
// (unknown). The transfer function then only applies these lists, however
// often the solver visits a block.
import type { Block, Call, Instr, IrFunction, Path, Span } from "../lower/ir.js";
import { coversKey, extendsKey, pathKey, rootKey, untruncatedKey } from "./path-key.js";
import { NON_NIL, type NilFact, type NilOrigin, type NilOriginKind, nilFrom, UNKNOWN } from "./nil-facts.js";
import type { TrackedPaths } from "./nil-tracked.js";
import { aliasOf, commaOkMaps, type NilRefinement, rangeRefinementOf, refinementOf } from "./nil-refinements.js";
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
  /** Paths whose facts stay, while those of the paths under them become unknown. */
  killsUnder?: readonly Path[];
  /** The paths any call may change become unknown (package variables, variables closures assign), as without a summary. */
  killsShared?: boolean;
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

export interface CompiledNil {
  /** Per block, per instruction: its effects, or null when it changes nothing tracked. */
  effects: (readonly NilEffect[] | null)[][];
  refinements: (NilRefinement | null)[];
  /** No instruction or branch can change a tracked path: the entry facts hold everywhere. */
  constant: boolean;
}

/** `startsKnown[i]`: path i does not start unknown (a named result, an entry fact). */
export function compileNil(fn: IrFunction, tracked: TrackedPaths, hooks: NilHooks, startsKnown: readonly boolean[]): CompiledNil {
  let ids = 0;
  const okMaps = fn.blocks.some((b) => b.term.kind === "branch" && b.term.cond.kind === "bool") ? commaOkMaps(fn) : undefined;
  const ranges = fn.blocks.some((b) => b.label === "range.head") ? predecessorsByBlock(fn) : undefined;
  const refinements = fn.blocks.map((block) => {
    const t = block.term;
    if (t.kind === "switch" && ranges) return rangeRefinementOf(block, ranges.get(block.id) ?? [], tracked, () => ({ kind: "branch", span: t.span, at: -1, id: ids++ }));
    if (t.kind !== "branch") return null;
    const r = refinementOf(t.cond, tracked, () => ({ kind: "branch", span: t.span, at: -1, id: ids++ }), okMaps);
    const alias = r ? aliasOf(block, t.cond, tracked) : undefined;
    return r && alias !== undefined && alias !== r.index ? { ...r, alias } : r;
  });
  const summaries = new Map<Instr, CallNilEffect | null>();
  const known = mayBecomeKnown(fn, tracked, hooks, summaries);
  refinements.forEach((r) => {
    if (r) known[r.index] = 1;
    if (r?.alias !== undefined) known[r.alias] = 1;
  });
  startsKnown.forEach((k, i) => k && (known[i] = 1));
  if (!known.includes(1)) return { effects: fn.blocks.map((b) => b.instrs.map(() => null)), refinements, constant: true };
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
  const ctx: Context = { tracked, hooks, known, summaries, shared: sharedPaths(tracked, hooks, known) };
  let constant = refinements.every((r) => r === null);
  const effects = fn.blocks.map((block) =>
    block.instrs.map((instr) => {
      if (instr.op !== "assign" && instr.op !== "call" && instr.op !== "go" && instr.op !== "recv") return null;
      const out: NilEffect[] = [];
      effectsOf(instr, ctx, originFor(instr.stmt, instr.at), out);
      if (out.length === 0) return null;
      constant = false;
      return out;
    }),
  );
  return { effects, refinements, constant };
}

interface Context {
  tracked: TrackedPaths;
  hooks: NilHooks;
  /**
   * Per tracked path, 1 when something may make it other than what it was
   * entered with (an assignment, a call that may change it). The others
   * hold their entry fact everywhere, so forgetting them is a no-op that is
   * never compiled: most paths (slices, strings, maps nobody touches) are such.
   */
  known: Uint8Array;
  /** The call summaries, asked once per call. */
  summaries: Map<Instr, CallNilEffect | null>;
  /** Tracked paths any call may change: under package variables and under variables closures assign. */
  shared: readonly number[];
}

/** The tracked paths an assignment, a call result or a call summary may set. */
function mayBecomeKnown(fn: IrFunction, tracked: TrackedPaths, hooks: NilHooks, summaries: Map<Instr, CallNilEffect | null>): Uint8Array {
  const known = new Uint8Array(tracked.paths.length);
  const cover = (target: Path | null, strictlyUnder = false): void => {
    if (!target) return;
    const key = untruncatedKey(target);
    for (const i of tracked.byRoot.get(rootKey(target.root)) ?? []) if (strictlyUnder ? extendsKey(tracked.keys[i], key) : coversKey(tracked.keys[i], key)) known[i] = 1;
  };
  let sharedCovered = false;
  // A call changes what lies under its arguments, its receiver and the shared roots, and nothing else: where none
  // of those holds a tracked path, its summary cannot matter and is not asked for (it costs a substitution per callee path).
  const anyShared = [...tracked.byRoot.keys()].some((root) => sharedRoot(root, hooks));
  const reaches = (call: Call): boolean =>
    anyShared ||
    call.args.some((a) => (a.kind === "path" || a.kind === "addr") && tracked.byRoot.has(rootKey(a.path.root))) ||
    (call.callee.kind === "method" && tracked.byRoot.has(rootKey(call.callee.recv.root)));
  for (const block of fn.blocks) {
    for (const instr of block.instrs) {
      if (instr.op === "assign") cover(instr.targets[0] ?? null);
      if (instr.op !== "call" && instr.op !== "go") continue;
      const summary = reaches(instr.call) ? (hooks.callEffect?.(instr) ?? null) : null;
      summaries.set(instr, summary);
      for (const set of summary?.sets ?? []) cover(set.path);
      // A call that may change a path makes it unknown, which is not the unknown it was entered with.
      if (summary) {
        for (const kill of summary.kills ?? []) cover(kill);
        for (const kill of summary.killsUnder ?? []) cover(kill, true);
        if (summary.killsShared && !sharedCovered) {
          sharedCovered = true;
          for (const [root, list] of tracked.byRoot) if (sharedRoot(root, hooks)) for (const i of list) known[i] = 1;
        }
      } else if (instr.call.callee.kind !== "builtin") {
        for (const arg of instr.call.args) if (arg.kind === "path" || arg.kind === "addr") cover(arg.path);
        if (instr.call.callee.kind === "method") cover(instr.call.callee.recv);
      }
      if (instr.op === "call" && hooks.callResultNil) for (const r of instr.results) cover(r);
    }
  }
  return known;
}

function sharedPaths(tracked: TrackedPaths, hooks: NilHooks, known: Uint8Array): number[] {
  const shared: number[] = [];
  for (const [root, list] of tracked.byRoot) if (sharedRoot(root, hooks)) for (const i of list) if (known[i]) shared.push(i);
  return shared;
}

/** A root any call may change: a package variable, an import's, or a variable a closure of the function assigns. */
function sharedRoot(root: string, hooks: NilHooks): boolean {
  return root.startsWith("g:") || root.startsWith("x:") || (hooks.clobberedByCalls?.has(Number(root.slice(1))) ?? false);
}

function effectsOf(instr: Instr, ctx: Context, origin: OriginOf, out: NilEffect[]): void {
  const { tracked, hooks } = ctx;
  switch (instr.op) {
    case "assign":
      instr.targets.forEach((target, i) => {
        if (!target) return;
        if (i > 0) killUnder(ctx, target, true, out);
        else assignFrom(target, tracked, out, (suffix) => valueAt(instr.value, suffix, origin));
      });
      return;
    case "call":
    case "go": {
      const summary = ctx.summaries.get(instr) ?? null;
      if (summary) applySummary(summary, ctx, origin, out);
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
      for (const target of instr.targets) if (target) killUnder(ctx, target, true, out);
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

/** Facts of the tracked paths under `path` (and of `path` itself when `inclusive`) become unknown. */
function killUnder(ctx: Context, path: Path, inclusive: boolean, out: NilEffect[]): void {
  const key = untruncatedKey(path);
  for (const i of ctx.tracked.byRoot.get(rootKey(path.root)) ?? []) {
    if (!ctx.known[i]) continue;
    const k = ctx.tracked.keys[i];
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
  for (const arg of call.args) {
    if (arg.kind === "path") killUnder(ctx, arg.path, false, out);
    else if (arg.kind === "addr") killUnder(ctx, arg.path, true, out);
  }
  if (call.callee.kind === "method") killUnder(ctx, call.callee.recv, false, out);
  for (const i of ctx.shared) out.push({ index: i, weak: false, fact: UNKNOWN });
}

function applySummary(summary: CallNilEffect, ctx: Context, origin: OriginOf, out: NilEffect[]): void {
  for (const path of summary.kills ?? []) killUnder(ctx, path, true, out);
  for (const path of summary.killsUnder ?? []) killUnder(ctx, path, false, out);
  if (summary.killsShared) for (const i of ctx.shared) out.push({ index: i, weak: false, fact: UNKNOWN });
  for (const { path, kind } of summary.sets ?? []) {
    const i = ctx.tracked.index.get(pathKey(path));
    if (i !== undefined) out.push({ index: i, weak: false, fact: kind === "non-nil" ? NON_NIL : nilFrom([origin("call")]) });
  }
}

/** Per block, the blocks that jump to it. */
function predecessorsByBlock(fn: IrFunction): Map<number, Block[]> {
  const out = new Map<number, Block[]>();
  for (const b of fn.blocks) {
    if (b.term.kind !== "jump") continue;
    const list = out.get(b.term.to) ?? [];
    list.push(b);
    out.set(b.term.to, list);
  }
  return out;
}
