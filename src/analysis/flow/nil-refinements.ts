// What a branch teaches about nil-ness on each of its arms: `m == nil`,
// `m != nil`, and `len(m) > 0` (only a non-nil map has elements).
import type { Cond } from "../lower/ir.js";
import type { NilOrigin } from "./nil-facts.js";
import type { TrackedPaths } from "./nil-tracked.js";
import { pathKey } from "./path-key.js";

/** A branch on a tracked path's nil-ness: what each arm learns. */
export interface NilRefinement {
  index: number;
  then: "nil" | "non-nil" | null;
  else: "nil" | "non-nil" | null;
  origin: NilOrigin;
}

/** `m == nil`, `m != nil`, and `len(m) > 0` (only a non-nil map has elements). */
export function refinementOf(cond: Cond, tracked: TrackedPaths, origin: () => NilOrigin): NilRefinement | null {
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
