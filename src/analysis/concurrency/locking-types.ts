// RacerD's "thread-safe class": a type one of whose methods locks a mutex
// reached from its receiver declares that its methods are called
// concurrently, so its exported methods (and the locking ones) form one
// self-concurrent context, and an unguarded access in one of them races
// with the others.
import type { IrFunction, PackageIr } from "../lower/ir.js";

export interface LockingType {
  type: string;
  /** Methods that lock a mutex of their receiver. */
  locking: number[];
  /** The context's roots: exported methods and the locking ones. */
  methods: number[];
}

export function lockingTypes(ir: PackageIr): LockingType[] {
  const byType = new Map<string, IrFunction[]>();
  for (const fn of ir.functions) {
    if (fn.kind !== "method" || !fn.receiver) continue;
    const list = byType.get(fn.receiver.type);
    if (list) list.push(fn);
    else byType.set(fn.receiver.type, [fn]);
  }
  const out: LockingType[] = [];
  for (const [type, methods] of byType) {
    const locking = methods.filter(locksReceiverMutex).map((m) => m.id);
    if (locking.length === 0) continue;
    const roots = methods.filter((m) => locking.includes(m.id) || isExported(m)).map((m) => m.id);
    out.push({ type, locking, methods: roots });
  }
  return out;
}

function locksReceiverMutex(fn: IrFunction): boolean {
  for (const block of fn.blocks) {
    for (const instr of block.instrs) {
      if (instr.op !== "lock" || instr.mutex.root.kind !== "var") continue;
      if (fn.vars[instr.mutex.root.var]?.kind === "receiver") return true;
    }
  }
  return false;
}

function isExported(fn: IrFunction): boolean {
  const name = fn.name.slice(fn.name.lastIndexOf(".") + 1);
  return /^\p{Lu}/u.test(name);
}
