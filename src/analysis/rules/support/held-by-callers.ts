// Helpers called with the lock held. Go code rarely names them `...Locked`:
// an unexported method or function whose every call in the package holds
// the mutex (or sits in another such helper) runs with it held, whatever
// its name. An unexported method with no call we can see (a method value,
// an interface) counts as held too: an unknown caller is no evidence of a
// bug. One that a `go` statement starts does not: the goroutine holds none
// of its starter's locks. A call on a value its caller is still building,
// before anything shares it (value-being-built.ts), needs no lock either;
// nor does a call from a test, which pokes at internals from one goroutine.
import type { Instr, IrFunction } from "../../lower/ir.js";
import type { SemanticModel } from "../../semantic/semantic-model.js";
import { declaredName } from "./caller-holds.js";
import type { FieldLocks } from "./field-guard.js";
import { deref, structNameOf } from "./mutex-identity.js";
import { onValueBeingBuilt } from "./value-being-built.js";

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
    if (fn.kind === "closure" || /^\p{Lu}/u.test(name)) return false;
    seen.add(fn.id);
    const sites = fn.receiver ? this.callsTo(`${fn.receiver.type}.${name}`) : this.callsOfFunction(fn);
    // A goroutine holds none of its starter's locks.
    if (sites === null || sites.some((c) => c.instr.op === "go")) return false;
    return sites.every(
      (c) =>
        c.fn.path.endsWith("_test.go") ||
        this.locks.heldAt(c.fn, c.instr).some((h) => h.identity === guard) ||
        onValueBeingBuilt(c.fn, c.instr) ||
        this.heldByCallers(this.outermost(c.fn), guard, seen),
    );
  }

  /**
   * The calls of an unexported package function (`makeWrapper(prog, ...)`), from the call graph; null when there is
   * none or when it escapes as a value (a function, unlike a method, is not reached through an interface or a method
   * value the graph may miss).
   */
  private callsOfFunction(fn: IrFunction): readonly MethodCallSite[] | null {
    const out: MethodCallSite[] = [];
    for (const site of this.semantic.callGraph.callersOf(fn.id)) {
      if (site.op !== "call" && site.op !== "defer" && site.op !== "go") return null;
      const caller = this.semantic.ir.functions[site.fn];
      const instr = caller?.blocks[site.block]?.instrs[site.index];
      if (!caller || !instr) return null;
      out.push({ fn: caller, instr });
    }
    if (out.length === 0 || this.semantic.callGraph.callbackEscapes.some((e) => e.targets.includes(fn.id))) return null;
    return out;
  }

  /** Calls `x.name(...)` on a variable holding a package struct type, by `Type.name`. */
  private callsTo(key: string): readonly MethodCallSite[] {
    if (!this.index) {
      const index = new Map<string, MethodCallSite[]>();
      for (const fn of this.semantic.ir.functions) {
        for (const block of fn.blocks) {
          for (const instr of block.instrs) {
            if (instr.op !== "call" && instr.op !== "defer" && instr.op !== "go") continue;
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
