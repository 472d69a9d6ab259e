// The locks held at an instruction as the lock rules read them: the flow
// layer's must-held set, each with the lock instruction that took it and
// whether it locks a copy (a mutex inside a value receiver or parameter).
import { locksHeld, type LocksHeld } from "../../../flow/locks-held.js";
import type { Instr, IrFunction, Path } from "../../../lower/ir.js";

export interface HeldLockAt {
  key: string;
  mutex: Path;
  mode: "read" | "write";
  /** The lock instruction; null when the function's caller holds it. */
  lockedAt: Instr | null;
  copy: boolean;
}

export class HeldLocks {
  private readonly solved = new Map<number, LocksHeld>();

  constructor(private readonly functions: readonly IrFunction[]) {}

  before(fn: IrFunction, instr: Instr): HeldLockAt[] {
    let solved = this.solved.get(fn.id);
    if (!solved) {
      solved = locksHeld(fn, { functions: this.functions });
      this.solved.set(fn.id, solved);
    }
    return (solved.before(instr) ?? []).map((h) => ({ key: h.key, mutex: h.mutex, mode: h.mode, lockedAt: h.lockedAt, copy: locksCopy(fn, h.mutex) }));
  }
}

/** A mutex reached through a value receiver or value parameter belongs to a copy of the caller's struct. */
export function locksCopy(fn: IrFunction, mutex: Path): boolean {
  if (mutex.root.kind !== "var") return false;
  const v = fn.vars[mutex.root.var];
  if (!v) return false;
  if (v.kind === "receiver") return fn.receiver !== null && !fn.receiver.pointer;
  if (v.kind === "param") return v.type !== null && v.type.kind !== "pointer" && v.type.kind === "named" && v.type.pkg === null;
  return false;
}

/** The read lock held at an instruction when no lock is held in write mode: the one taken last. */
export function onlyReadLocked(held: readonly HeldLockAt[]): HeldLockAt | null {
  if (held.some((h) => h.mode === "write")) return null;
  let last: HeldLockAt | null = null;
  for (const h of held) {
    if (h.mode !== "read" || h.copy || !h.lockedAt) continue;
    if (!last || (last.lockedAt && h.lockedAt.at > last.lockedAt.at)) last = h;
  }
  return last;
}
