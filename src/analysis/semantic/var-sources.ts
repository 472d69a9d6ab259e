// Everything a variable is ever given, flow-insensitively: the values
// assigned to it, the call results and received values written to it. Type
// inference and the flow of function values both read these.
import type { Call, Instr, IrFunction, Path, Value } from "../lower/ir.js";

export type Source =
  | { kind: "value"; value: Value }
  /** Result `index` of `call`. */
  | { kind: "result"; call: Call; index: number }
  /** A value received from `channel`. */
  | { kind: "recv"; channel: Path }
  /** The ok of a comma-ok form. */
  | { kind: "bool" };

/** Calls `visit` for every whole variable or package name an instruction gives a value to. */
export function forEachSource(instr: Instr, visit: (target: Path, source: Source) => void): void {
  switch (instr.op) {
    case "assign": {
      const [first, second] = instr.targets;
      if (instr.targets.length === 1 && first) visit(first, { kind: "value", value: instr.value });
      else if (instr.targets.length === 2) {
        // Lowering keeps several targets for comma-ok forms only: the value, then the flag.
        if (first) visit(first, { kind: "value", value: instr.value });
        if (second) visit(second, { kind: "bool" });
      }
      break;
    }
    case "call":
      instr.results.forEach((target, index) => {
        if (target) visit(target, { kind: "result", call: instr.call, index });
      });
      break;
    case "recv": {
      const [value, ok] = instr.targets;
      if (value) visit(value, { kind: "recv", channel: instr.channel });
      if (ok) visit(ok, { kind: "bool" });
      break;
    }
    default:
      break;
  }
}

/** The sources of each Var of `fn` given as a whole (not through a selector), by Var id. */
export function varSources(fn: IrFunction): Map<number, Source[]> {
  const out = new Map<number, Source[]>();
  for (const block of fn.blocks) {
    for (const instr of block.instrs) {
      forEachSource(instr, (target, source) => {
        if (target.selectors.length > 0 || target.root.kind !== "var") return;
        const list = out.get(target.root.var);
        if (list) list.push(source);
        else out.set(target.root.var, [source]);
      });
    }
  }
  return out;
}

/** The sources of package-level names given as a whole, from the functions given (the `<vars>` ones). */
export function packageSources(fns: readonly IrFunction[]): Map<string, { fn: IrFunction; source: Source }[]> {
  const out = new Map<string, { fn: IrFunction; source: Source }[]>();
  for (const fn of fns) {
    for (const block of fn.blocks) {
      for (const instr of block.instrs) {
        forEachSource(instr, (target, source) => {
          if (target.selectors.length > 0 || target.root.kind !== "package") return;
          const list = out.get(target.root.name);
          if (list) list.push({ fn, source });
          else out.set(target.root.name, [{ fn, source }]);
        });
      }
    }
  }
  return out;
}
