// Whether a function calls a method (or a func field) directly on a variable
// of a given name, `c.flush()`, other than the lock operations: such a
// method may lock the same mutex, so a fix that changes locking around it
// could deadlock.
import type { Callee, Instr, IrFunction, Path } from "../../lower/ir.js";

const LOCK_NAMES: ReadonlySet<string> = new Set(["Lock", "Unlock", "RLock", "RUnlock"]);

/** Over `family` (a function and its literals): a call `name.M(...)` for some M other than Lock/Unlock/RLock/RUnlock. */
export function callsOnVariable(family: readonly IrFunction[], name: string): boolean {
  for (const fn of family) {
    const named = (p: Path | undefined): boolean => p !== undefined && p.selectors.length === 0 && rootName(fn, p) === name;
    for (const block of fn.blocks) {
      for (const instr of block.instrs) if (callsOn(instr, named)) return true;
    }
  }
  return false;
}

function callsOn(instr: Instr, named: (p: Path | undefined) => boolean): boolean {
  switch (instr.op) {
    case "call":
    case "go":
    case "defer":
      return (instr.op === "go" && instr.group !== undefined && named(instr.group)) || calleeOn(instr.call.callee, named);
    case "wait":
    case "wg":
      return named(instr.group);
    default:
      return false;
  }
}

function calleeOn(callee: Callee, named: (p: Path | undefined) => boolean): boolean {
  return callee.kind === "method" && !LOCK_NAMES.has(callee.name) && named(callee.recv);
}

function rootName(fn: IrFunction, p: Path): string {
  return p.root.kind === "var" ? (fn.vars[p.root.var]?.name ?? "") : p.root.kind === "package" ? p.root.name : "";
}
