// Nil-ness of access paths, forward over a function's blocks: at each
// instruction, whether each tracked path is nil, non-nil, nil on some paths
// only (maybe-nil, with the places that made it nil) or unknown. Whether a
// path holds a map is the caller's business: it asks about the paths whose
// types it knows.
//
//   var m map[string]int          m: nil (zero)
//   if c { m = make(...) }
//   m["k"] = 1                    m: maybe-nil (zero)     <- nilnessAt
//
// Branches on `m == nil` refine each arm, so the lazy-init pattern
// `if m == nil { m = make(...) }` leaves m non-nil, and an arm that cannot
// be taken (`m != nil` right after `m = nil`) carries no facts at all.
import type { Instr, IrFunction, Path } from "../lower/ir.js";
import { type Canonical, canonicalFunction } from "./canonical-function.js";
import { cfgOf, isReachable } from "./cfg.js";
import { compileNil, type CompiledNil, type NilHooks } from "./nil-effects.js";
import { ENTRY_UNKNOWN, joinNil, NON_NIL, type NilFact, type NilOrigin, nilFrom, sameNil, UNKNOWN } from "./nil-facts.js";
import { isPath, valueAt } from "./nil-values.js";
import { trackedPaths, type TrackedPaths } from "./nil-tracked.js";
import { pathKey } from "./path-key.js";
import { type Analysis, type Solution, solveForward } from "./solver.js";

export type { CallNilEffect, NilHooks } from "./nil-effects.js";
export type { NilFact, NilKind, NilOrigin, NilOriginKind } from "./nil-facts.js";

export interface NilnessOptions extends NilHooks {
  /** Paths to follow besides the accessed and returned ones. A path not followed is always unknown. */
  track?: readonly Path[];
  /**
   * Which accessed and returned paths to follow, when the caller knows their
   * types (maps only, say): the others cost nothing and answer unknown, and
   * nilnessAt leaves their accesses out. Default: all.
   */
  select?(path: Path): boolean;
  /**
   * Facts at the function's entry (a summary of the callers). Without one, a
   * named result starts nil (its zero value) and every other path unknown.
   */
  entry?: readonly { path: Path; fact: NilFact }[];
  maxVisits?: number;
  /**
   * One spelling per place (a promoted field and its full path): the flow
   * runs over the function with its paths canonical, and every path asked
   * about, tracked, entered with or named by a hook is read canonically.
   */
  canonical?: Canonical;
}

export interface Nilness {
  /** False when the solver hit its cap: every answer is then unknown, so rules stay silent. */
  converged: boolean;
  /** The fact of `path` just before `instr`; null when `instr` cannot be reached (or is not in the function). */
  before(instr: Instr, path: Path): NilFact | null;
  /** The same by position: instruction `index` of block `block` (index = instrs.length: the block's end). */
  beforeAt(block: number, index: number, path: Path): NilFact | null;
}

type Facts = readonly NilFact[];

export function nilness(fn: IrFunction, options: NilnessOptions = {}): Nilness {
  const run = runNil(fn, options);
  const answer = (facts: Facts | undefined, path: Path): NilFact | null => {
    if (!run.converged) return UNKNOWN;
    if (facts === undefined) return null;
    const i = run.tracked.index.get(pathKey(run.canon(path)));
    return i === undefined ? UNKNOWN : facts[i];
  };
  let where: Map<Instr, [number, number]> | undefined;
  return {
    converged: run.converged,
    before: (instr, path) => {
      where ??= locations(fn);
      const at = where.get(instr);
      return at ? answer(run.before(at[0], at[1]), path) : null;
    },
    beforeAt: (block, index, path) => answer(run.before(block, index), path),
  };
}

/**
 * The fact of each access's path just before the access (`m[k] = v`,
 * `delete(m, k)`...). Accesses that cannot be reached are left out.
 */
export function nilnessAt(fn: IrFunction, options: NilnessOptions = {}): Map<Instr, NilFact> {
  const found = new Map<Instr, NilFact>();
  if (!fn.blocks.some((b) => b.instrs.some((x) => x.op === "access"))) return found;
  const run = runNil(fn, options);
  const cfg = cfgOf(fn);
  fn.blocks.forEach((block, b) => {
    block.instrs.forEach((instr, i) => {
      if (instr.op !== "access" || (options.select && !options.select(instr.path))) return;
      if (!run.converged) {
        // Facts short of a fixpoint say nothing; a reachable access is unknown.
        if (isReachable(cfg, b)) found.set(instr, UNKNOWN);
        return;
      }
      const facts = run.before(b, i);
      if (facts === undefined) return;
      const index = run.tracked.index.get(pathKey(run.canon(instr.path)));
      found.set(instr, index === undefined ? UNKNOWN : facts[index]);
    });
  });
  return found;
}

interface NilRun {
  converged: boolean;
  tracked: TrackedPaths;
  /** The spelling the run's paths use. */
  canon: Canonical;
  /** The facts before instruction `index` of `block`; undefined where unreachable. */
  before(block: number, index: number): Facts | undefined;
}

const SAME: Canonical = (path) => path;

function runNil(original: IrFunction, given: NilnessOptions): NilRun {
  const canon = given.canonical ?? SAME;
  const { fn, options } = given.canonical ? canonicalRun(original, given.canonical, given) : { fn: original, options: given };
  const tracked = trackedPaths(fn, [...(options.track ?? []), ...(options.entry ?? []).map((e) => e.path)], options.select);
  const { analysis, constant } = nilAnalysis(fn, tracked, options);
  if (constant) {
    // No instruction or branch changes a tracked path (most functions): the entry facts hold wherever control reaches.
    const cfg = cfgOf(fn);
    return { converged: true, tracked, canon, before: (block) => (isReachable(cfg, block) ? analysis.boundary : undefined) };
  }
  const solution: Solution<Facts> = solveForward(fn, analysis);
  return { converged: solution.converged, tracked, canon, before: solution.before };
}

/** The function and options in canonical spelling; the hooks still see the original instructions. */
function canonicalRun(original: IrFunction, canon: Canonical, options: NilnessOptions): { fn: IrFunction; options: NilnessOptions } {
  const view = canonicalFunction(original, canon);
  const { callEffect, callResultNil } = options;
  return {
    fn: view.fn,
    options: {
      ...options,
      track: options.track?.map(canon),
      entry: options.entry?.map((e) => ({ path: canon(e.path), fact: e.fact })),
      callEffect:
        callEffect &&
        ((instr) => {
          const effect = callEffect(view.original(instr) as typeof instr);
          if (!effect) return effect;
          return { kills: effect.kills?.map(canon), sets: effect.sets?.map((s) => ({ path: canon(s.path), kind: s.kind })) };
        }),
      callResultNil: callResultNil && ((_call, index, instr) => {
        const x = view.original(instr);
        return callResultNil(x.op === "call" ? x.call : _call, index, x);
      }),
    },
  };
}

function locations(fn: IrFunction): Map<Instr, [number, number]> {
  const where = new Map<Instr, [number, number]>();
  fn.blocks.forEach((block, b) => block.instrs.forEach((instr, i) => where.set(instr, [b, i])));
  return where;
}

function nilAnalysis(fn: IrFunction, tracked: TrackedPaths, options: NilnessOptions): { analysis: Analysis<Facts>; constant: boolean } {
  const boundary: NilFact[] = tracked.paths.map((path) => namedResultAtEntry(fn, path) ?? ENTRY_UNKNOWN);
  for (const { path, fact } of options.entry ?? []) {
    const i = tracked.index.get(pathKey(path));
    if (i !== undefined) boundary[i] = fact;
  }
  const compiled: CompiledNil = compileNil(fn, tracked, options, boundary.map((f) => f.kind !== "unknown"));
  const constant = compiled.constant;
  const analysis: Analysis<Facts> = {
    boundary,
    maxVisits: options.maxVisits,
    join: (a, b) => {
      let out: NilFact[] | null = null;
      for (let i = 0; i < a.length; i++) {
        const j = joinNil(a[i], b[i]);
        if (j === a[i]) continue;
        out ??= a.slice();
        out[i] = j;
      }
      return out ?? a;
    },
    equals: (a, b) => a === b || a.every((x, i) => sameNil(x, b[i])),
    transfer: (facts, _instr, block, index) => {
      const effects = compiled.effects[block.id][index];
      if (!effects) return facts;
      const next = facts.slice();
      for (const e of effects) {
        // A copy of another path's entry value is not this path's entry value: the caller did not hand it over here.
        const copied = "fact" in e ? e.fact : facts[e.from];
        const value = "from" in e && e.from !== e.index && copied.entry ? UNKNOWN : copied;
        next[e.index] = e.weak ? joinNil(facts[e.index], value) : value;
      }
      return next;
    },
    edge: (facts, edge, from) => {
      const r = compiled.refinements[from.id];
      const want = !r ? null : r.caseTo !== undefined ? (edge.kind === "case" && edge.to === r.caseTo ? r.then : null) : edge.kind === "then" ? r.then : edge.kind === "else" ? r.else : null;
      if (!r || !want) return facts;
      let out: NilFact[] | null = null;
      for (const index of r.alias === undefined ? [r.index] : [r.index, r.alias]) {
        const now = facts[index];
        let next: NilFact;
        if (want === "non-nil") {
          if (now.kind === "nil") return undefined;
          next = NON_NIL;
        } else {
          if (now.kind === "non-nil") return undefined;
          if (now.kind === "nil") continue;
          next = now.kind === "maybe-nil" ? nilFrom(now.origins) : nilFrom([r.origin]);
        }
        out ??= facts.slice();
        out[index] = next;
      }
      return out ?? facts;
    },
  };
  return { analysis, constant };
}

/** A named result starts as its type's zero value: `func f() (m map[K]V) { m[k] = v }` writes a nil map. */
function namedResultAtEntry(fn: IrFunction, path: Path): NilFact | null {
  if (path.root.kind !== "var") return null;
  const v = fn.vars[path.root.var];
  if (!v || v.kind !== "result" || !v.declared) return null;
  const origin: NilOrigin = { kind: "zero", span: v.declared, at: v.at, id: -1 - v.id };
  if (!v.type) return path.selectors.length === 0 ? nilFrom([origin]) : null;
  const fact = valueAt({ kind: "zero", type: v.type }, path.selectors, () => origin);
  return isPath(fact) ? null : fact;
}
