// A method called on a value its caller is still building: `l := &lessor{...};
// l.initAndRecover(); go l.runLoop(); return l`. Until the value is handed
// on, no other goroutine can reach it, so the callee's accesses at that call
// need no lock — the constructor's half of "set up before it is shared".
import { cfgOf } from "../../flow/cfg.js";
import { cyclicBlocks } from "../../flow/loops.js";
import type { Instr, IrFunction, Path, Value } from "../../lower/ir.js";
import { forEachTargetAndValue, forEachValuePart, varOfPart } from "../../lower/instr-flows.js";

/**
 * Whether `call` is `x.m(...)` on a local x made in `fn` (`&T{...}`, `new(T)`,
 * `T{...}`) that nothing before the call can have shared: no instruction
 * before it hands x on (an argument, a value assigned or returned or sent,
 * the receiver of another call), starts a goroutine or makes a closure, and
 * the call is on no loop (a later turn would run after what follows it).
 */
export function onValueBeingBuilt(fn: IrFunction, call: Instr): boolean {
  if (call.op !== "call" || call.call.callee.kind !== "method") return false;
  const recv = call.call.callee.recv;
  if (recv.root.kind !== "var" || recv.selectors.length > 0 || fn.vars[recv.root.var]?.kind !== "local") return false;
  const v = recv.root.var;
  let made = false;
  let block = -1;
  for (const b of fn.blocks)
    for (const x of b.instrs) {
      if (x === call) {
        block = b.id;
        continue;
      }
      if (x.at >= call.at) continue;
      if (x.op === "go") return false;
      if (x.op === "assign" && x.targets.some((t) => t?.root.kind === "var" && t.root.var === v && t.selectors.length === 0)) {
        if (!fresh(x.value)) return false;
        made = true;
        continue;
      }
      if (handsOn(x, v)) return false;
    }
  return made && block >= 0 && cyclicBlocks(cfgOf(fn))[block] !== 1;
}

function fresh(value: Value): boolean {
  return value.kind === "new" || (value.kind === "literal" && value.type !== null);
}

/** Whether the instruction passes variable v (or something it holds) on, or may: a closure may capture it. */
function handsOn(x: Instr, v: number): boolean {
  let found = false;
  forEachTargetAndValue(
    x,
    () => {},
    (value) => (found ||= mentions(value, v)),
  );
  if (found) return true;
  if (x.op === "call" || x.op === "defer") {
    const c = x.call.callee;
    if ((c.kind === "method" && rootedAt(c.recv, v)) || (c.kind === "value" && rootedAt(c.path, v)) || c.kind === "closure") return true;
  }
  return false;
}

function rootedAt(p: Path, v: number): boolean {
  return p.root.kind === "var" && p.root.var === v;
}

/** Whether the value reads variable v, or holds a closure (which may capture it). */
function mentions(value: Value, v: number): boolean {
  let found = false;
  forEachValuePart(value, (part) => (found ||= part.kind === "closure" || varOfPart(part) === v));
  return found;
}
