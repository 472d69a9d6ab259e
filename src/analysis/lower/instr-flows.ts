// What an instruction writes and what it reads, for passes that only ask
// where values go: the paths it assigns (assignment targets, a call's
// results, a receive's targets) and the values it hands on (an assignment's
// value, call arguments, returned and sent values).
import type { Instr, Path, Value } from "./ir.js";

/** Whether `t` is variable `v` itself (not a path under it). */
export function isVar(t: Path | null | undefined, v: number): boolean {
  return t?.root.kind === "var" && t.root.var === v && t.selectors.length === 0;
}

/** Whether the instruction gives variable `v` a new value: an assignment to it, a call's result or a receive into it. */
export function assignsVar(x: Instr, v: number): boolean {
  if (x.op === "assign" || x.op === "recv") return x.targets.some((t) => isVar(t, v));
  return x.op === "call" && x.results.some((t) => isVar(t, v));
}

export function forEachTargetAndValue(x: Instr, target: (p: Path | null) => void, value: (v: Value) => void): void {
  if (x.op === "assign") {
    x.targets.forEach(target);
    value(x.value);
  } else if (x.op === "call" || x.op === "go" || x.op === "defer") {
    x.call.args.forEach(value);
    if (x.op === "call") x.results.forEach(target);
  } else if (x.op === "return") x.values.forEach(value);
  else if (x.op === "send") value(x.value);
  else if (x.op === "recv") x.targets.forEach(target);
}

/** Every value inside `value`, itself first: a literal's fields and elements, what is converted or asserted. Iterative: literals nest as deep as the input does. */
export function forEachValuePart(value: Value, visit: (v: Value) => void): void {
  const stack: Value[] = [value];
  while (stack.length > 0) {
    const v = stack.pop() as Value;
    visit(v);
    if (v.kind === "literal") {
      for (const f of v.fields) stack.push(f.value);
      for (const e of v.elements) stack.push(e);
    } else if (v.kind === "convert" || v.kind === "assert") stack.push(v.value);
  }
}

/** The variable one part of a value reads from: a path or address rooted at it, an element or range value of such a path. */
export function varOfPart(v: Value): number | null {
  if ((v.kind === "path" || v.kind === "addr") && v.path.root.kind === "var") return v.path.root.var;
  if ((v.kind === "element" || v.kind === "range-key" || v.kind === "range-value") && v.of.root.kind === "var") return v.of.root.var;
  return null;
}

/** The variables a value reads from (varOfPart of each of its parts). */
export function varsIn(value: Value): number[] {
  const out: number[] = [];
  forEachValuePart(value, (v) => {
    const read = varOfPart(v);
    if (read !== null) out.push(read);
  });
  return out;
}
