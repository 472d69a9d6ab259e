// Callbacks started by a helper: `func async(f func()) { go f() }` and
// `func runAll(fs []func()) { for _, f := range fs { go f() } }`. The
// started value is traced back to a parameter of the helper, and each call
// of the helper says which functions it hands over in that argument.
import type { IrFunction, Path, Value } from "../lower/ir.js";
import type { SemanticModel } from "../semantic/semantic-model.js";
import { resolveCallee } from "../semantic/resolve-callee.js";

/** The parameter position the started func value comes from, or null. */
export function startedParam(fn: IrFunction, called: Path): number | null {
  if (called.root.kind !== "var") return null;
  const direct = paramIndex(fn, called.root.var);
  if (direct !== null) return direct;
  // A local bound by ranging over (or indexing) a parameter: `for _, f := range fs`.
  for (const block of fn.blocks) {
    for (const instr of block.instrs) {
      if (instr.op !== "assign" || instr.targets.length !== 1) continue;
      const t = instr.targets[0];
      if (!t || t.root.kind !== "var" || t.root.var !== called.root.var || t.selectors.length > 0) continue;
      const v = instr.value;
      const of = v.kind === "range-value" || v.kind === "element" ? v.of : v.kind === "path" ? v.path : null;
      if (of && of.root.kind === "var") return paramIndex(fn, of.root.var);
    }
  }
  return null;
}

function paramIndex(fn: IrFunction, v: number): number | null {
  const param = fn.vars[v];
  return param && param.kind === "param" && param.index !== undefined ? param.index : null;
}

/** Functions an argument value hands over: literals, package functions, method values, and the elements of a literal slice of them. */
export function handedFunctions(semantic: SemanticModel, caller: IrFunction, value: Value | undefined, spread = 0): number[] {
  if (!value) return [];
  if (value.kind === "closure") return [value.fn];
  if (value.kind === "func") return resolveCallee(semantic.inference, caller, value.callee).targets.map((t) => t.fn);
  if (value.kind === "literal" && spread === 0) return value.elements.flatMap((e) => handedFunctions(semantic, caller, e, 1));
  return [];
}
