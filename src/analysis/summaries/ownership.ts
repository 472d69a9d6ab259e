// Which locals a function owns: made here (`make`, a literal, `new`, `&T{}`,
// a call whose callee returns something it made) and never shared here —
// not stored where another function can reach it (a field of something not
// owned, a package variable), not captured by a closure, not handed to a
// `go` statement, not sent on a channel. Flow-insensitive, as RacerD's
// first approximation: an access to owned memory cannot race, wherever in
// the function it is. Locals copied into each other share one fate.
import type { Instr, IrFunction, Path, Value } from "../lower/ir.js";
import { forEachValuePart, varsIn } from "../lower/instr-flows.js";

export interface Ownership {
  /** Whether `path` (over fn's vars) reaches only memory made here and not shared. */
  owns(path: Path): boolean;
  ownedVars: readonly number[];
  /** By result position: every return hands back owned memory. */
  freshResults: readonly boolean[];
}

/** Which results of the call `instr` are fresh, from the callees' summaries; null when unknown. */
export type FreshCall = (instr: Instr) => readonly boolean[] | null;

export function ownershipOf(fn: IrFunction, functions: readonly IrFunction[], freshCall: FreshCall): Ownership {
  const n = fn.vars.length;
  const candidate = fn.vars.map((v) => v.kind === "local" || v.kind === "temp" || v.kind === "result");
  const parent = Array.from({ length: n }, (_, i) => i);
  const find = (x: number): number => {
    while (parent[x] !== x) x = parent[x] = parent[parent[x]];
    return x;
  };
  const union = (a: number, b: number): void => void (parent[find(a)] = find(b));
  const rootFresh = candidate.slice();
  // Where memory reachable from a var took a value not made here: that place and what lies below it are shared, the paths above it are not.
  const dirty: Path["selectors"][][] = Array.from({ length: n }, () => []);
  const escaped: boolean[] = new Array<boolean>(n).fill(false);
  /** [container, value]: the value was stored inside memory reached from the container. */
  const holds: [number, number][] = [];
  const plainCandidate = (p: Path | null): number | null =>
    p && p.root.kind === "var" && p.selectors.length === 0 && candidate[p.root.var] ? p.root.var : null;
  const candidateRoot = (p: Path): number | null => (p.root.kind === "var" && candidate[p.root.var] ? p.root.var : null);

  // Storing `value` into `target`: either the target's own variable now holds it, or memory reachable from it does.
  const store = (target: Path | null, value: Value, fresh: boolean): void => {
    if (!target) return;
    const whole = plainCandidate(target);
    const into = candidateRoot(target);
    const sources = varsIn(value);
    if (whole !== null) {
      const alias = value.kind === "path" ? plainCandidate(value.path) : null;
      if (alias !== null) union(whole, alias);
      else if (!fresh) rootFresh[whole] = false;
      for (const s of sources) if (s !== alias) union(whole, s);
    } else if (into !== null) {
      // The value now lies inside memory reached from `into`: whatever shares that shares the value too, not the other way round.
      if (!fresh) dirty[into].push(target.selectors);
      for (const s of sources) holds.push([into, s]);
    } else for (const s of sources) escaped[s] = true;
  };

  for (const block of fn.blocks) {
    for (const instr of block.instrs) {
      switch (instr.op) {
        case "assign":
          if (instr.targets.length === 1) store(instr.targets[0], instr.value, isFresh(instr.value));
          else for (const t of instr.targets) store(t, { kind: "unknown" }, false);
          break;
        case "call": {
          const fresh = freshCall(instr);
          instr.results.forEach((t, i) => store(t, { kind: "unknown" }, fresh?.[i] === true));
          // append(xs, v) stores v where its result goes.
          if (instr.call.callee.kind === "builtin" && instr.call.callee.name === "append") {
            for (const a of instr.call.args.slice(1)) for (const t of instr.results) store(t, a, true);
          }
          break;
        }
        case "recv":
          for (const t of instr.targets) store(t, { kind: "unknown" }, false);
          break;
        case "go": {
          const callee = instr.call.callee;
          if (callee.kind === "method") for (const s of varsIn({ kind: "path", path: callee.recv })) escaped[s] = true;
          if (callee.kind === "value") for (const s of varsIn({ kind: "path", path: callee.path })) escaped[s] = true;
          for (const a of instr.call.args) for (const s of varsIn(a)) escaped[s] = true;
          break;
        }
        case "send":
          for (const s of varsIn(instr.value)) escaped[s] = true;
          break;
        default:
          break;
      }
    }
  }
  for (const v of capturedVars(functions)[fn.id] ?? []) escaped[v] = true;

  // A container shared (escaped, or itself not made here) shares what was stored in it; to a fixpoint over the stores.
  const groupShared = new Set<number>();
  for (let v = 0; v < n; v++) if (escaped[v] || !candidate[v] || !rootFresh[v]) groupShared.add(find(v));
  for (let changed = holds.length > 0; changed; ) {
    changed = false;
    for (const [into, value] of holds) {
      const g = find(value);
      if (groupShared.has(find(into)) && !groupShared.has(g)) {
        groupShared.add(g);
        changed = true;
      }
    }
  }
  const groupOwned = new Map<number, { owned: boolean; dirty: Path["selectors"][] }>();
  for (let v = 0; v < n; v++) {
    if (!candidate[v]) continue;
    const g = find(v);
    const cur = groupOwned.get(g) ?? { owned: true, dirty: [] };
    groupOwned.set(g, { owned: cur.owned && !groupShared.has(g), dirty: dirty[v].length > 0 ? [...cur.dirty, ...dirty[v]] : cur.dirty });
  }
  const ownedVar = (v: number): boolean => candidate[v] === true && groupOwned.get(find(v))?.owned === true;
  const ownedVars = fn.vars.filter((v) => ownedVar(v.id)).map((v) => v.id);
  const owns = (path: Path): boolean => {
    if (path.root.kind !== "var" || !ownedVar(path.root.var)) return false;
    if (path.selectors.length === 0) return true;
    return !(groupOwned.get(find(path.root.var))?.dirty ?? []).some((at) => isPrefix(at, path.selectors));
  };
  return { owns, ownedVars, freshResults: freshResultsOf(fn, owns) };
}

/** Whether selectors `a` lead to `b` or to a place that holds it. */
function isPrefix(a: Path["selectors"], b: Path["selectors"]): boolean {
  if (a.length > b.length) return false;
  return a.every((s, i) => {
    const t = b[i];
    return s.kind === t.kind && (s.kind !== "field" || (t.kind === "field" && s.name === t.name));
  });
}

// Which vars of each function its closures capture, once per package: asking every function about every other would be quadratic.
const captures = new WeakMap<readonly IrFunction[], number[][]>();

function capturedVars(functions: readonly IrFunction[]): number[][] {
  let found = captures.get(functions);
  if (found) return found;
  const byFn: number[][] = functions.map(() => []);
  for (const f of functions) for (const v of f.vars) if (v.outer) byFn[v.outer.fn]?.push(v.outer.var);
  captures.set(functions, byFn);
  found = byFn;
  return found;
}

/** Kinds of value that are new memory or hold nothing a map could alias; a literal or conversion is fresh when all inside it is. */
const FRESH_PARTS: ReadonlySet<Value["kind"]> = new Set(["make", "new", "nil", "zero", "const", "ok", "closure", "func", "literal", "convert"]);

/** A value that is new memory, or holds nothing a map could alias. Iterative: literals nest as deep as the input. */
function isFresh(value: Value): boolean {
  let fresh = true;
  forEachValuePart(value, (part) => (fresh &&= FRESH_PARTS.has(part.kind)));
  return fresh;
}

/** Per result: whether every return hands back memory the function owns. */
function freshResultsOf(fn: IrFunction, owns: (p: Path) => boolean): boolean[] {
  const fresh = fn.results.map(() => true);
  let returns = 0;
  for (const block of fn.blocks) {
    for (const instr of block.instrs) {
      if (instr.op !== "return") continue;
      returns++;
      fn.results.forEach((r, i) => {
        const named: Value = { kind: "path", path: { root: { kind: "var", var: r }, selectors: [] } };
        const v = instr.values.length === 0 ? named : instr.values[i];
        const ok = v !== undefined && (v.kind === "path" ? v.path.selectors.length === 0 && owns(v.path) : isFresh(v));
        if (!ok) fresh[i] = false;
      });
    }
  }
  return returns === 0 ? fn.results.map(() => false) : fresh;
}
