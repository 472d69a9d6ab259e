// What a branch teaches about nil-ness on each of its arms: `m == nil`,
// `m != nil`, `len(m) > 0` and a successful comma-ok lookup `v, ok := m[k];
// if ok` (only a non-nil map has elements); and what a range loop's head
// teaches its body: `for k := range m` runs the body only when m has one.
import type { Block, Cond, IrFunction, Path } from "../lower/ir.js";
import type { NilOrigin } from "./nil-facts.js";
import type { TrackedPaths } from "./nil-tracked.js";
import { pathKey } from "./path-key.js";

/** A branch on a tracked path's nil-ness: what each arm learns. */
export interface NilRefinement {
  index: number;
  then: "nil" | "non-nil" | null;
  else: "nil" | "non-nil" | null;
  origin: NilOrigin;
  /** For a range loop's head (a switch): the edge to this block (the body) learns `then`. */
  caseTo?: number;
  /** A path the tested one was just copied from (`m := t.m; if m == nil`): it learns the same. */
  alias?: number;
}

/**
 * The path a branch's tested variable was copied from just before the
 * branch, in the same block with nothing but reads after the copy:
 * `m := t.index; if m == nil {`. The test then says the same of `t.index`.
 */
export function aliasOf(block: Block, cond: Cond, tracked: TrackedPaths): number | undefined {
  if ((cond.kind !== "nil" && cond.kind !== "len") || cond.path.selectors.length > 0) return undefined;
  const key = pathKey(cond.path);
  for (let i = block.instrs.length - 1; i >= 0; i--) {
    const x = block.instrs[i];
    if (x.op === "access" && x.kind !== "write") continue;
    if (x.op !== "assign" || x.targets.length !== 1 || !x.targets[0] || pathKey(x.targets[0]) !== key) return undefined;
    if (x.value.kind !== "path" || x.value.path.truncated) return undefined;
    return tracked.index.get(pathKey(x.value.path));
  }
  return undefined;
}

/** Per comma-ok flag (by path key), the map its lookup read: `v, ok := m[k]` with `ok` assigned nowhere else. */
export type CommaOkMaps = ReadonlyMap<string, Path>;

export function commaOkMaps(fn: IrFunction): CommaOkMaps {
  const out = new Map<string, Path>();
  const assigned = new Map<string, number>();
  for (const b of fn.blocks)
    for (const x of b.instrs) {
      const targets = x.op === "assign" || x.op === "call" ? (x.op === "assign" ? x.targets : x.results) : [];
      for (const t of targets) if (t) assigned.set(pathKey(t), (assigned.get(pathKey(t)) ?? 0) + 1);
      if (x.op !== "assign" || x.targets.length !== 2 || x.value.kind !== "element" || x.value.of.truncated) continue;
      const ok = x.targets[1];
      if (ok && ok.selectors.length === 0) out.set(pathKey(ok), x.value.of);
    }
  for (const key of [...out.keys()]) if (assigned.get(key) !== 1) out.delete(key);
  return out;
}

/** A range loop's head over a tracked map: the body is entered only when the map has an element. */
export function rangeRefinementOf(block: Block, blocks: readonly Block[], tracked: TrackedPaths, origin: () => NilOrigin): NilRefinement | null {
  if (block.label !== "range.head" || block.term.kind !== "switch" || block.term.to.length !== 2) return null;
  const body = block.term.to[0];
  // The range access ends the block that jumps to the head from before the loop.
  for (const b of blocks) {
    const last = b.instrs[b.instrs.length - 1];
    if (b.term.kind !== "jump" || b.term.to !== block.id || last?.op !== "access" || last.kind !== "range" || last.path.truncated) continue;
    const index = tracked.index.get(pathKey(last.path));
    return index === undefined ? null : { index, then: "non-nil", else: null, origin: origin(), caseTo: body };
  }
  return null;
}

/** `m == nil`, `m != nil`, and `len(m) > 0` (only a non-nil map has elements). */
export function refinementOf(cond: Cond, tracked: TrackedPaths, origin: () => NilOrigin, okMaps?: CommaOkMaps): NilRefinement | null {
  if (cond.kind === "bool" && okMaps && !cond.path.truncated) {
    const map = okMaps.get(pathKey(cond.path));
    const index = map && tracked.index.get(pathKey(map));
    if (index === undefined) return null;
    return { index, then: cond.negated ? null : "non-nil", else: cond.negated ? "non-nil" : null, origin: origin() };
  }
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
