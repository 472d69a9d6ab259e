// Helpers called with the lock held. Go code rarely names them `...Locked`:
// an unexported method whose every call in the package holds the mutex (or
// sits in another such helper) runs with it held, whatever its name.
import type { MethodCall } from "./lock-types.js";
import type { PackageModel } from "./model-types.js";

const callIndex = new WeakMap<PackageModel, Map<string, MethodCall[]>>();

function callsTo(pkg: PackageModel, type: string, name: string): readonly MethodCall[] {
  let index = callIndex.get(pkg);
  if (!index) {
    index = new Map();
    for (const c of pkg.locks.methodCalls) {
      const key = `${c.type}.${c.name}`;
      const list = index.get(key);
      if (list) list.push(c);
      else index.set(key, [c]);
    }
    callIndex.set(pkg, index);
  }
  return index.get(`${type}.${name}`) ?? [];
}

/**
 * Whether function `functionIndex` runs with `mutex` held by its callers: it
 * says so (name or doc comment), or it is an unexported method whose calls in
 * the package all hold `mutex`. An unexported method with no call we can see
 * (a method value, `go c.loop()`, an interface) counts as held too: we cannot
 * tell, and an unknown caller is no evidence of a bug.
 */
export function heldByCallers(pkg: PackageModel, functionIndex: number, mutex: string, seen: Set<number> = new Set()): boolean {
  if (pkg.locks.functions.get(functionIndex)?.callerHolds) return true;
  const fn = pkg.functions[functionIndex];
  // A cycle of helpers calling each other adds no caller of its own.
  if (seen.has(functionIndex)) return true;
  if (!fn?.receiver || /^\p{Lu}/u.test(fn.name)) return false;
  seen.add(functionIndex);
  const calls = callsTo(pkg, fn.receiver, fn.name);
  return calls.every(
    (c) =>
      c.held.some((h) => h.mutex === mutex && !h.copy) ||
      heldByCallers(pkg, c.functionIndex, mutex, seen),
  );
}
