// Channels of capacity one, by identity across the package (`T.f` for a
// field, `pkg.v` for a package variable): made with `make(chan T, 1)` and
// only that size wherever the package makes them. Taking the one token and
// giving it back is a mutex (x/tools' `scanSema`: `<-r.scanSema` ...
// `defer func() { r.scanSema <- struct{}{} }()`); a larger capacity lets that
// many holders in at once, so it is no lock.
import type { IrFunction, Path, TypeRef, Value } from "../lower/ir.js";
import type { SemanticModel } from "../semantic/semantic-model.js";

const cache = new WeakMap<readonly IrFunction[], (fn: IrFunction, channel: Path) => boolean>();

export function binarySemaphores(semantic: SemanticModel, functions: readonly IrFunction[]): (fn: IrFunction, channel: Path) => boolean {
  let found = cache.get(functions);
  if (found) return found;
  const sizes = new Map<string, boolean>();
  const made = (id: string | null, v: Value): void => {
    if (id === null || v.kind !== "make" || v.type.kind !== "chan") return;
    sizes.set(id, v.capacity === 1 && sizes.get(id) !== false);
  };
  for (const fn of functions) {
    for (const b of fn.blocks) {
      for (const instr of b.instrs) {
        if (instr.op !== "assign") continue;
        const v = instr.value;
        if (instr.targets.length === 1 && instr.targets[0]) made(channelIdentity(semantic, fn, instr.targets[0]), v);
        if (v.kind === "literal") {
          const owner = ownerOf(semantic, v.type);
          if (owner !== null) for (const f of v.fields) made(`${owner}.${f.name}`, f.value);
        }
      }
    }
  }
  const ones = new Set([...sizes].filter(([, one]) => one).map(([id]) => id));
  found = ones.size === 0 ? () => false : (fn, channel) => {
    const id = channelIdentity(semantic, fn, channel);
    return id !== null && ones.has(id);
  };
  cache.set(functions, found);
  return found;
}

function channelIdentity(semantic: SemanticModel, fn: IrFunction, p: Path): string | null {
  if (p.truncated) return null;
  if (p.selectors.length === 0) return p.root.kind === "package" ? `pkg.${p.root.name}` : null;
  const last = p.selectors[p.selectors.length - 1];
  if (last.kind !== "field") return null;
  const owner = ownerOf(semantic, semantic.typeOf(fn, { root: p.root, selectors: p.selectors.slice(0, -1) }));
  return owner === null ? null : `${owner}.${last.name}`;
}

function ownerOf(semantic: SemanticModel, t: TypeRef | null): string | null {
  return semantic.structOf(t?.kind === "pointer" ? t.elem : t)?.owner ?? null;
}
