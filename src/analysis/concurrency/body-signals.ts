// What a started body does that its spawner can wait for — Done on a
// WaitGroup (deferred or not), a send on or close of a channel — and Add
// calls that make a Wait on the same group no join (the body may Add after
// the spawner's Wait has returned). Keys are in the spawner's terms.
import type { Call, IrFunction, PackageIr } from "../lower/ir.js";
import { bodyPathKey } from "./path-keys.js";

export interface BodySignals {
  done: Set<string>;
  added: Set<string>;
  sends: Set<string>;
  closes: Set<string>;
}

export function emptySignals(): BodySignals {
  return { done: new Set(), added: new Set(), sends: new Set(), closes: new Set() };
}

/** Adds what `body`, started by `call` in `spawner`, signals to `into`. */
export function readSignals(ir: PackageIr, spawner: IrFunction, call: Call, body: IrFunction, into: BodySignals): void {
  const key = (p: Parameters<typeof bodyPathKey>[4]): string | null => bodyPathKey(ir, spawner, call, body, p);
  const add = (set: Set<string>, k: string | null): void => {
    if (k !== null) set.add(k);
  };
  for (const block of body.blocks) {
    for (const instr of block.instrs) {
      if (instr.op === "wg") add(instr.method === "Done" ? into.done : into.added, key(instr.group));
      else if (instr.op === "send") add(into.sends, key(instr.channel));
      else if (instr.op === "defer" || instr.op === "call") {
        const c = instr.call.callee;
        if (c.kind === "method" && c.name === "Done" && instr.call.args.length === 0) add(into.done, key(c.recv));
        else if (c.kind === "method" && c.name === "Add") add(into.added, key(c.recv));
        else if (c.kind === "builtin" && c.name === "close") {
          const arg = instr.call.args[0];
          if (arg?.kind === "path") add(into.closes, key(arg.path));
        }
      }
    }
  }
}
