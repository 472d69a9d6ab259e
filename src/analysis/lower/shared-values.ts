// IR values that thousands of instructions would otherwise each allocate:
// the path of a bare variable, the empty list, the index and deref
// selectors. The IR lives until the package's rules are done, so every
// object lowering makes is copied by the garbage collector's young
// generation and promoted; sharing these takes about a third of the IR's
// objects off that copy. They are frozen: the IR is read-only once lowered,
// and a reader that writes to one fails loudly instead of changing other
// instructions.
import type { Path, PathRoot, Selector } from "./ir.js";

/** The empty list, for every list-valued IR field that stays empty (selectors, arguments, results). */
export function none<T>(): T[] {
  return NONE as T[];
}

const NONE: unknown[] = Object.freeze([]) as unknown as unknown[];

export const INDEX: Selector = Object.freeze({ kind: "index" });
export const DEREF: Selector = Object.freeze({ kind: "deref" });

const varRoots: PathRoot[] = [];
const varPaths: Path[] = [];

/** The root of Var `id` (ids are per function; the object is the same for every function). */
export function varRoot(id: number): PathRoot {
  return (varRoots[id] ??= Object.freeze({ kind: "var", var: id }));
}

/** The path of Var `id` itself, no selectors. */
export function varPath(id: number): Path {
  return (varPaths[id] ??= Object.freeze({ root: varRoot(id), selectors: none<Selector>() }));
}
