// Variables a function shares with its closures and that a closure may
// change: assigns (`m = make(...)`, `c.m = nil`), receives into, or hands
// out by address. Go closures capture variables, not values, so once such a
// closure exists any call may run it: the nil-ness analysis forgets these
// variables at calls (NilHooks.clobberedByCalls).
import type { Instr, PackageIr, Path, Value } from "../lower/ir.js";

/** Function id -> ids of its variables that some closure (at any depth) may change. */
export function closureAssignedVars(pkg: PackageIr): Map<number, Set<number>> {
  const found = new Map<number, Set<number>>();
  for (const fn of pkg.functions) {
    if (fn.kind !== "closure") continue;
    const mark = (path: Path | null): void => {
      if (!path || path.root.kind !== "var") return;
      const outer = fn.vars[path.root.var]?.outer;
      if (!outer) return;
      let set = found.get(outer.fn);
      if (!set) found.set(outer.fn, (set = new Set()));
      set.add(outer.var);
    };
    for (const block of fn.blocks) for (const instr of block.instrs) changedBy(instr, mark);
  }
  return found;
}

function changedBy(instr: Instr, mark: (path: Path | null) => void): void {
  const byAddress = (v: Value): void => {
    if (v.kind === "addr") mark(v.path);
  };
  switch (instr.op) {
    case "assign":
      instr.targets.forEach(mark);
      byAddress(instr.value);
      return;
    case "call":
      instr.results.forEach(mark);
      instr.call.args.forEach(byAddress);
      // A method with a pointer receiver may change what its receiver holds.
      if (instr.call.callee.kind === "method") mark(instr.call.callee.recv);
      return;
    case "go":
    case "defer":
      instr.call.args.forEach(byAddress);
      return;
    case "recv":
      instr.targets.forEach(mark);
      return;
    default:
      return;
  }
}
