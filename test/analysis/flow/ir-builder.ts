// Hand-built IR for the flow tests: terse constructors, so a test's blocks
// read like the Go they stand for.
import type { Block, Call, Callee, Cond, Instr, IrFunction, Path, Selector, Span, Terminator, TypeRef, Value, Var } from "../../../src/analysis/lower/ir.js";

export const SPAN: Span = { line: 1, column: 1, endLine: 1, endColumn: 2 };
let clock = 0;
const base = (): { span: Span; at: number; stmt: Span } => {
  const at = ++clock;
  const span = { line: at, column: 1, endLine: at, endColumn: 2 };
  return { span, at, stmt: span };
};

/** `p(0, "m", "[]", "*")`: var 0 .m [] *. */
export function p(root: number | string, ...sels: string[]): Path {
  const selectors: Selector[] = sels.map((s) => (s === "[]" ? { kind: "index" } : s === "*" ? { kind: "deref" } : { kind: "field", name: s }));
  return { root: typeof root === "number" ? { kind: "var", var: root } : { kind: "package", name: root }, selectors };
}

export const nilV: Value = { kind: "nil" };
export const mapType: TypeRef = { kind: "map", text: "map[string]int", key: { kind: "other", text: "string" }, value: { kind: "other", text: "int" } };
export const structType: TypeRef = { kind: "named", text: "T", pkg: null, name: "T", args: [] };
export const pointerType: TypeRef = { kind: "pointer", text: "*T", elem: structType };
export const makeV: Value = { kind: "make", type: mapType, sized: false };
export const zeroMap: Value = { kind: "zero", type: mapType };
export const zeroStruct: Value = { kind: "zero", type: structType };
export const pathV = (path: Path): Value => ({ kind: "path", path });
export const addr = (path: Path): Value => ({ kind: "addr", path });
export const lit = (fields: Record<string, Value>, elements: Value[] = []): Value => ({
  kind: "literal",
  type: structType,
  pointer: false,
  fields: Object.entries(fields).map(([name, value]) => ({ name, value })),
  elements,
  span: SPAN,
});

export const assign = (target: Path, value: Value): Instr => ({ ...base(), op: "assign", targets: [target], value, define: false });
export const access = (path: Path, kind: "read" | "write" | "delete" | "len" = "write"): Instr => ({ ...base(), op: "access", kind, path });
export const call = (callee: Callee, args: Value[] = [], results: (Path | null)[] = []): Instr => ({ ...base(), op: "call", call: { callee, args, spread: false }, results });
export const fnCallee = (name: string): Callee => ({ kind: "func", name });
export const method = (recv: Path, name: string): Callee => ({ kind: "method", recv, name });
export const lock = (mutex: Path, mode: "read" | "write" = "write"): Instr => ({ ...base(), op: "lock", mutex, mode });
export const unlock = (mutex: Path, mode: "read" | "write" = "write"): Instr => ({ ...base(), op: "unlock", mutex, mode });
export const deferCall = (c: Call): Instr => ({ ...base(), op: "defer", call: c });
export const deferUnlock = (mutex: Path, name = "Unlock"): Instr => deferCall({ callee: method(mutex, name), args: [], spread: false });

export const jump = (to: number): Terminator => ({ kind: "jump", to });
export const branch = (cond: Cond, then: number, otherwise: number): Terminator => ({ kind: "branch", cond, then, else: otherwise, span: SPAN });
export const isNil = (path: Path, negated = false): Cond => ({ kind: "nil", path, negated });
export const opaque: Cond = { kind: "opaque", text: "c" };
export const ret: Terminator = { kind: "return" };

/** A function of `blocks` ([instructions, terminator]) with `vars` locals named v0, v1, ... */
export function fn(blocks: [Instr[], Terminator][], vars = 4, id = 0): IrFunction {
  const varList: Var[] = Array.from({ length: vars }, (_, i) => ({ id: i, name: `v${i}`, kind: "local", type: null, declared: null, at: -1 }));
  const blockList: Block[] = blocks.map(([instrs, term], i) => ({ id: i, instrs, term, label: i === 0 ? "entry" : "b" }));
  return { id, name: "f", path: "p/a.go", kind: "func", receiver: null, typeParams: [], parent: null, span: SPAN, vars: varList, params: [], results: [], blocks: blockList, broken: false, gotos: false, notes: [] };
}
