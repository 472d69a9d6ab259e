// A held mutex named the way the lock rules compare them across a package:
// `T.mu` for field mu of struct type T (every value of T alike), `T.RWMutex`
// for an embedded one, `pkg.mu` for a package mutex, `fn3.mu` for a mutex
// variable of function 3 (shared with its literals). Null for anything else
// (a mutex reached through a call, a map, an unknown type): such a lock
// guards nothing another function can be seen to share.
import type { IrFunction, Path, TypeRef } from "../../lower/ir.js";
import type { SemanticModel } from "../../semantic/semantic-model.js";

export function guardIdentity(semantic: SemanticModel, fn: IrFunction, mutex: Path): string | null {
  if (mutex.truncated) return null;
  const path = semantic.methodReceiverPath(fn, mutex, "Lock");
  const n = path.selectors.length;
  if (n === 0) {
    if (path.root.kind === "package") return `pkg.${path.root.name}`;
    if (path.root.kind !== "var") return null;
    const [outer, id] = outermostVar(semantic, fn, path.root.var);
    const v = outer.vars[id];
    // A struct value locked as `c.Lock()` without an embedded mutex to lock.
    if (!v || semantic.structOf(deref(semantic.typeOf(fn, path)))?.owner) return null;
    return `fn${outer.id}.${v.name}`;
  }
  const last = path.selectors[n - 1];
  if (last.kind !== "field") return null;
  const owner = semantic.structOf(deref(semantic.typeOf(fn, { root: path.root, selectors: path.selectors.slice(0, n - 1) })));
  const field = owner?.owner ? owner.fields.find((f) => f.name === last.name) : undefined;
  if (!owner?.owner || !field || !semantic.isMutex(field.type)) return null;
  return `${owner.owner}.${last.name}`;
}

export function outermostVar(semantic: SemanticModel, fn: IrFunction, id: number): [IrFunction, number] {
  let at = fn;
  for (let v = at.vars[id]; v?.outer && semantic.ir.functions[v.outer.fn]; v = at.vars[id]) {
    id = v.outer.var;
    at = semantic.ir.functions[v.outer.fn];
  }
  return [at, id];
}

export function structNameOf(t: TypeRef | null): string | null {
  if (t?.kind === "pointer") return structNameOf(t.elem);
  return t?.kind === "named" && t.pkg === null ? t.name : null;
}

/** The type a pointer points to; any other type itself. */
export function deref(t: TypeRef | null): TypeRef | null {
  return t?.kind === "pointer" ? t.elem : t;
}
