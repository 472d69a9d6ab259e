// Go source in, a lowered function and its instructions out, for the flow tests.
import type { Instr, IrFunction, PackageIr, Path } from "../../../src/analysis/lower/ir.js";
import { lower } from "../lower/lower-helpers.js";

export interface Lowered {
  pkg: PackageIr;
  fn: IrFunction;
  /** The instructions with `op` on 1-based line `line` of the source. */
  at(line: number, op?: Instr["op"]): Instr[];
  /** The one access on the line. */
  access(line: number): Instr;
  /** `name` or `name.field` as a path of the function's variables. */
  path(text: string): Path;
}

export async function lowered(source: string, name: string): Promise<Lowered> {
  const pkg = await lower(source);
  const fn = pkg.functions.find((f) => f.name === name);
  if (!fn) throw new Error(`no function ${name} in ${pkg.functions.map((f) => f.name).join(", ")}`);
  const at = (line: number, op?: Instr["op"]): Instr[] =>
    fn.blocks.flatMap((b) => b.instrs).filter((x) => x.span.line === line && (op === undefined || x.op === op));
  return {
    pkg,
    fn,
    at,
    access: (line) => {
      const found = at(line, "access");
      if (found.length !== 1) throw new Error(`${found.length} accesses on line ${line}`);
      return found[0];
    },
    path: (text) => {
      const [root, ...fields] = text.split(".");
      const v = fn.vars.find((x) => x.name === root);
      if (!v) throw new Error(`no variable ${root}`);
      return { root: { kind: "var", var: v.id }, selectors: fields.map((f) => ({ kind: "field", name: f })) };
    },
  };
}

/** The 1-based line of the first line of `source` containing `marker`. */
export function lineOf(source: string, marker: string): number {
  const i = source.split("\n").findIndex((l) => l.includes(marker));
  if (i < 0) throw new Error(`no line with ${marker}`);
  return i + 1;
}
