// Helpers called with the lock held. Go code rarely names them `...Locked`:
// an unexported method whose every call in the package holds the mutex (or
// sits in another such helper) runs with it held, whatever its name. An
// unexported method with no call we can see (a method value, `go c.loop()`,
// an interface) counts as held too: an unknown caller is no evidence of a bug.
import type { Instr, IrFunction } from "../../lower/ir.js";
import type { SemanticModel } from "../../semantic/semantic-model.js";
import { declaredName } from "./caller-holds.js";
import type { FieldLocks } from "./field-guard.js";
import { deref, structNameOf } from "./mutex-identity.js";

interface MethodCallSite {
  fn: IrFunction;
  instr: Instr;
}

export class CallerLocks {
  private index: Map<string, MethodCallSite[]> | null = null;

  constructor(
    private readonly semantic: SemanticModel,
    private readonly locks: FieldLocks,
    private readonly outermost: (fn: IrFunction) => IrFunction,
  ) {}

  /** Whether declared function `fn` runs with `guard` held by its callers. */
  heldByCallers(fn: IrFunction, guard: string, seen: Set<number> = new Set()): boolean {
    if (this.locks.callerHolds(fn)) return true;
    if (seen.has(fn.id)) return true;
    const name = declaredName(fn);
    if (!fn.receiver || /^\p{Lu}/u.test(name)) return false;
    seen.add(fn.id);
    return this.callsTo(`${fn.receiver.type}.${name}`).every(
      (c) => this.locks.heldAt(c.fn, c.instr).some((h) => h.identity === guard) || this.heldByCallers(this.outermost(c.fn), guard, seen),
    );
  }

  /** Calls `x.name(...)` on a variable holding a package struct type, by `Type.name`. */
  private callsTo(key: string): readonly MethodCallSite[] {
    if (!this.index) {
      const index = new Map<string, MethodCallSite[]>();
      for (const fn of this.semantic.ir.functions) {
        for (const block of fn.blocks) {
          for (const instr of block.instrs) {
            if (instr.op !== "call" && instr.op !== "defer") continue;
            const callee = instr.call.callee;
            if (callee.kind !== "method" || callee.recv.selectors.length > 0 || callee.recv.root.kind !== "var") continue;
            const type = structNameOf(deref(this.semantic.typeOf(fn, callee.recv)));
            if (!type || !this.semantic.structOf({ kind: "named", text: type, pkg: null, name: type, args: [] })) continue;
            const k = `${type}.${callee.name}`;
            const list = index.get(k);
            if (list) list.push({ fn, instr });
            else index.set(k, [{ fn, instr }]);
          }
        }
      }
      this.index = index;
    }
    return this.index.get(key) ?? [];
  }
}
