// Locals that stand for shared memory: a variable whose every assignment takes
// an element of a container the function reaches from outside (`l :=
// le.leaseMap[id]`, `for _, p := range s.peers`), or the result of a call that
// returns one (`l := le.Lookup(id)`, whose summary says it returns
// `le.leaseMap[]`). An access through such a local is an access of that
// shared memory, written over the function's receiver, parameters, captured
// and package variables, so callers see it (etcd's Lease.itemSet, reached
// through the lessor's map by Attach and by the handler's Lookup).
import { pathKey } from "../flow/path-key.js";
import type { Instr, IrFunction, Path, Value } from "../lower/ir.js";
import { INDEX } from "../lower/shared-values.js";
import { joinPath } from "./substitute.js";

/** The shared path a call's result `i` stands for, in the caller's terms; null when none. */
export type CallResultSource = (instr: Instr, index: number) => Path | null;

export interface Borrowed {
  /** `path` rewritten over the shared memory its local root stands for; the path itself otherwise. */
  rewrite(path: Path): Path;
  /** By result position: the shared path every return gives, or null. */
  results: readonly (Path | null)[];
}

const OUTSIDE = new Set(["receiver", "param", "captured"]);

export function borrowedLocals(fn: IrFunction, callResult: CallResultSource): Borrowed {
  const sources = new Map<number, Path | null>();
  const note = (v: number, p: Path | null): void => {
    const was = sources.get(v);
    if (was === undefined) sources.set(v, p);
    else if (was !== null && (p === null || pathKey(p) !== pathKey(was))) sources.set(v, null);
  };
  const bare = (t: Path | null | undefined): number | null => (t && t.root.kind === "var" && t.selectors.length === 0 && !t.truncated ? t.root.var : null);
  for (const b of fn.blocks) {
    for (const instr of b.instrs) {
      if (instr.op === "assign") {
        instr.targets.forEach((t, i) => {
          const v = bare(t);
          if (v === null || !isLocal(fn, v)) return;
          note(v, i === 0 ? sharedElement(fn, instr.value) : null);
        });
      } else if (instr.op === "call") {
        instr.results.forEach((t, i) => {
          const v = bare(t);
          if (v !== null && isLocal(fn, v)) note(v, callResult(instr, i));
        });
      } else if (instr.op === "recv") {
        for (const t of instr.targets) {
          const v = bare(t);
          if (v !== null && isLocal(fn, v)) note(v, null);
        }
      }
    }
  }
  const rewrite = (path: Path): Path => {
    if (path.root.kind !== "var") return path;
    const src = sources.get(path.root.var);
    return src ? joinPath(src, path.selectors, path.truncated === true) : path;
  };
  const results = fn.results.map((r, i) => {
    let found: Path | null | undefined;
    for (const b of fn.blocks) {
      for (const instr of b.instrs) {
        if (instr.op !== "return") continue;
        const v: Value | undefined = instr.values.length === 0 ? { kind: "path", path: { root: { kind: "var", var: r }, selectors: [] } } : instr.values[i];
        const p = v === undefined ? null : returned(fn, v, rewrite);
        if (found === undefined) found = p;
        else if (found !== null && (p === null || pathKey(p) !== pathKey(found))) found = null;
      }
    }
    return found ?? null;
  });
  return { rewrite, results };
}

function isLocal(fn: IrFunction, v: number): boolean {
  const k = fn.vars[v]?.kind;
  return k === "local" || k === "temp";
}

/** Whether the path starts outside the function: its receiver, a parameter, a captured or a package variable. */
function fromOutside(fn: IrFunction, p: Path): boolean {
  if (p.root.kind === "package") return true;
  return p.root.kind === "var" && OUTSIDE.has(fn.vars[p.root.var]?.kind ?? "");
}

/** `x := c.m[k]`, the value of `for _, x := range c.items`: an element of a container from outside. */
function sharedElement(fn: IrFunction, v: Value): Path | null {
  if ((v.kind === "element" || v.kind === "range-value") && fromOutside(fn, v.of)) return joinPath(v.of, [INDEX], v.of.truncated === true);
  return null;
}

/** What a return value stands for: an element or a field of shared memory, or a local that stands for one. */
function returned(fn: IrFunction, v: Value, rewrite: (p: Path) => Path): Path | null {
  if (v.kind === "element") return fromOutside(fn, v.of) ? joinPath(v.of, [INDEX], v.of.truncated === true) : null;
  if (v.kind !== "path") return null;
  const p = rewrite(v.path);
  return fromOutside(fn, p) && p.selectors.length > 0 ? p : null;
}
