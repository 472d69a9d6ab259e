// Which paths the nil-ness analysis follows in a function: the ones it is
// asked about (accessed, returned, requested) and, transitively, the ones
// their facts are copied from (`m2 := m` makes `m` matter to `m2[k] = v`;
// `s2 := s` makes `s.m` matter to `s2.m[k] = v`). Facts are arrays indexed
// by these paths, so a function that touches no map costs nothing.
import type { Instr, IrFunction, Path, Value } from "../lower/ir.js";
import { coversKey, pathKey, rootKey } from "./path-key.js";
import { isPath, valueAt } from "./nil-values.js";

export interface TrackedPaths {
  paths: readonly Path[];
  keys: readonly string[];
  index: ReadonlyMap<string, number>;
  /** Tracked indices by the key of their root, to find the paths under an assigned one without scanning all. */
  byRoot: ReadonlyMap<string, readonly number[]>;
}

interface Copy {
  target: Path;
  key: string;
  value: Value;
}

const NO_ORIGIN = { kind: "nil", span: { line: 0, column: 0, endLine: 0, endColumn: 0 }, at: 0, id: 0 } as const;

export function trackedPaths(fn: IrFunction, extra: readonly Path[], select?: (path: Path) => boolean): TrackedPaths {
  const paths: Path[] = [];
  const keys: string[] = [];
  const index = new Map<string, number>();
  const byRoot = new Map<string, number[]>();
  const copiesByRoot = new Map<string, Copy[]>();
  const pending: number[] = [];
  const add = (path: Path): void => {
    if (path.truncated) return;
    const key = pathKey(path);
    if (index.has(key)) return;
    index.set(key, paths.length);
    const root = rootKey(path.root);
    const list = byRoot.get(root);
    if (list) list.push(paths.length);
    else byRoot.set(root, [paths.length]);
    pending.push(paths.length);
    paths.push(path);
    keys.push(key);
  };
  for (const block of fn.blocks) {
    for (const instr of block.instrs) {
      seedsOf(instr, add, select);
      if (instr.op !== "assign" || instr.value.kind === "unknown" || instr.value.kind === "const") continue;
      const target = instr.targets[0];
      if (!target || target.truncated) continue;
      const root = rootKey(target.root);
      const copy = { target, key: pathKey(target), value: instr.value };
      const list = copiesByRoot.get(root);
      if (list) list.push(copy);
      else copiesByRoot.set(root, [copy]);
    }
  }
  for (const path of extra) add(path);
  // Each tracked path once: the copies into it (or into a path above it) make their sources tracked.
  while (pending.length > 0) {
    const i = pending.pop() as number;
    const path = paths[i];
    for (const copy of copiesByRoot.get(rootKey(path.root)) ?? []) {
      if (!coversKey(keys[i], copy.key)) continue;
      const source = valueAt(copy.value, path.selectors.slice(copy.target.selectors.length), () => NO_ORIGIN);
      if (isPath(source)) add(source);
    }
  }
  return { paths, keys, index, byRoot };
}

/** The paths an instruction asks about: the accessed map, the returned values (those `select` keeps). */
function seedsOf(instr: Instr, add: (path: Path) => void, select: ((path: Path) => boolean) | undefined): void {
  if (instr.op === "access") {
    if (!select || select(instr.path)) add(instr.path);
  } else if (instr.op === "return") {
    for (const v of instr.values) if (v.kind === "path" && (!select || select(v.path))) add(v.path);
  }
}
