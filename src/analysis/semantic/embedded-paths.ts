// Paths as Go resolves them: a promoted field or method is reached through
// the embedded fields in between, so `c.m` with `m` promoted from embedded
// `Inner` is `c.Inner.m`, and `c.Lock()` on a struct embedding sync.Mutex
// locks `c.Mutex`. Two spellings of one place become one path.
import type { IrFunction, Path, Selector } from "../lower/ir.js";
import { MAX_PATH_DEPTH } from "../lower/ir.js";
import type { TypeInference } from "./infer-types.js";
import { stepType } from "./selector-types.js";

export function normalizePath(q: TypeInference, fn: IrFunction, path: Path): Path {
  let t = q.typeOf(fn, { root: path.root, selectors: [] });
  const out: Selector[] = [];
  let changed = false;
  for (const sel of path.selectors) {
    if (sel.kind === "field" && t) {
      const via = q.sets.member(t, sel.name)?.via ?? [];
      for (const name of via) out.push({ kind: "field", name });
      changed ||= via.length > 0;
    }
    out.push(sel);
    t = t ? stepType(q, t, sel) : null;
  }
  return changed ? cut(path, out) : path;
}

/** The path of the value a method call `recv.name()` really runs on: `c.Mutex` for a promoted `c.Lock()`. */
export function methodReceiverPath(q: TypeInference, fn: IrFunction, recv: Path, name: string): Path {
  const normal = normalizePath(q, fn, recv);
  const t = q.typeOf(fn, recv);
  const via = t ? (q.sets.member(t, name)?.via ?? []) : [];
  if (via.length === 0) return normal;
  return cut(normal, [...normal.selectors, ...via.map((n): Selector => ({ kind: "field", name: n }))]);
}

function cut(path: Path, selectors: Selector[]): Path {
  if (selectors.length <= MAX_PATH_DEPTH) return path.truncated ? { root: path.root, selectors, truncated: true } : { root: path.root, selectors };
  return { root: path.root, selectors: selectors.slice(0, MAX_PATH_DEPTH), truncated: true };
}
