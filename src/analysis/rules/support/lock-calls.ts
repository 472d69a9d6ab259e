// Every Lock/Unlock/RLock/RUnlock of a function and of the literals inside
// it, deferred ones included, with a mutex identity that two closures of one
// function share: what a fix that changes locking must see all of.
import type { Instr, IrFunction, Path } from "../../lower/ir.js";
import { pathKey } from "../../flow/path-key.js";
import type { SemanticModel } from "../../semantic/semantic-model.js";

export type LockOpName = "Lock" | "Unlock" | "RLock" | "RUnlock";

export interface LockCallAt {
  op: LockOpName;
  /** The same string for the same mutex anywhere in one outermost function. */
  mutex: string;
  deferred: boolean;
  /** The mutex as the call names it. */
  recv: Path;
  instr: Instr;
  /** The function (or literal) holding the call. */
  fn: IrFunction;
  path: string;
}

const LOCK_NAMES: ReadonlySet<string> = new Set(["Lock", "Unlock", "RLock", "RUnlock"]);

/** Functions grouped under their outermost enclosing function. */
export class FunctionFamilies {
  private readonly outer: number[];
  private readonly members = new Map<number, IrFunction[]>();

  constructor(readonly functions: readonly IrFunction[]) {
    this.outer = functions.map(() => -1);
    for (const fn of functions) {
      let top = fn;
      while (top.parent !== null && functions[top.parent]) top = functions[top.parent];
      this.outer[fn.id] = top.id;
      const list = this.members.get(top.id);
      if (list) list.push(fn);
      else this.members.set(top.id, [fn]);
    }
  }

  outermost(fn: IrFunction): IrFunction {
    return this.functions[this.outer[fn.id]] ?? fn;
  }

  /** The outermost function of `fn` and every literal inside it. */
  family(fn: IrFunction): readonly IrFunction[] {
    return this.members.get(this.outer[fn.id]) ?? [fn];
  }
}

/** The lock calls of `fn`'s whole family, in source order. */
export function lockCallsOf(semantic: SemanticModel, families: FunctionFamilies, fn: IrFunction): LockCallAt[] {
  const out: LockCallAt[] = [];
  for (const member of families.family(fn)) {
    for (const block of member.blocks) {
      for (const instr of block.instrs) {
        const call = lockCallOf(instr);
        if (call) out.push({ ...call, mutex: mutexIdentity(semantic, member, call.recv), instr, fn: member, path: member.path });
      }
    }
  }
  return out.sort((a, b) => a.instr.at - b.instr.at);
}

function lockCallOf(instr: Instr): { op: LockOpName; recv: Path; deferred: boolean } | null {
  if (instr.op === "lock") return { op: instr.mode === "read" ? "RLock" : "Lock", recv: instr.mutex, deferred: false };
  if (instr.op === "unlock") return { op: instr.mode === "read" ? "RUnlock" : "Unlock", recv: instr.mutex, deferred: false };
  if (instr.op !== "defer") return null;
  const callee = instr.call.callee;
  if (callee.kind !== "method" || instr.call.args.length > 0 || !LOCK_NAMES.has(callee.name)) return null;
  return { op: callee.name as LockOpName, recv: callee.recv, deferred: true };
}

/** A mutex's identity: its path in the outermost function's terms (captured variables followed out). */
export function mutexIdentity(semantic: SemanticModel, fn: IrFunction, mutex: Path): string {
  const functions = semantic.ir.functions;
  let at = fn;
  let path = semantic.methodReceiverPath(fn, mutex, "Lock");
  while (path.root.kind === "var") {
    const v = at.vars[path.root.var];
    const outer = v?.outer;
    if (!outer || !functions[outer.fn]) break;
    path = { ...path, root: { kind: "var", var: outer.var } };
    at = functions[outer.fn];
  }
  return path.root.kind === "var" ? `${at.id}:${pathKey(path)}` : pathKey(path);
}
