// Where variables are mentioned, in source order: every access path of every
// instruction and branch condition whose root is the variable, in its own
// function or in a closure that captures it. One pass over the package's IR,
// keeping only the variables asked about.
import type { Block, Call, Callee, Instr, IrFunction, PackageIr, Path, Span, Value } from "../../lower/ir.js";

/** A variable of the package: the function that declares it and its index there. */
export interface VarRef {
  fn: number;
  var: number;
}

export interface Mention {
  /** The function whose IR holds the mention (the declaring one or a closure). */
  fn: IrFunction;
  block: Block;
  /** The instruction, or null for the block's branch condition. */
  instr: Instr | null;
  /** The path naming the variable. */
  path: Path;
  /** Source position of the instruction (or condition), see positionOf. */
  pos: number;
}

/** A comparable source position: line first, then UTF-16 column. */
export function positionOf(line: number, column: number): number {
  return line * 0x100000 + column;
}

/** The line of a position made by positionOf. */
export function lineOf(pos: number): number {
  return Math.floor(pos / 0x100000);
}

export function startOf(span: Span): number {
  return positionOf(span.line, span.column);
}

export function endOf(span: Span): number {
  return positionOf(span.endLine, span.endColumn);
}

export const varKey = (ref: VarRef): string => `${ref.fn}:${ref.var}`;

/** The variable a path's root stands for, following closures' captures out to the declaring function. */
export function rootVar(ir: PackageIr, fn: IrFunction, path: Path): VarRef | null {
  if (path.root.kind !== "var") return null;
  let owner = fn;
  let v = owner.vars[path.root.var];
  for (let hops = 0; v?.kind === "captured" && v.outer && hops < 64; hops++) {
    const outer = ir.functions[v.outer.fn];
    if (!outer) return null;
    owner = outer;
    v = owner.vars[v.outer.var];
  }
  return v ? { fn: owner.id, var: v.id } : null;
}

/** Every mention of the variables whose keys are in `wanted`, by key, in source order. */
export function mentionsOf(ir: PackageIr, wanted: ReadonlySet<string>): Map<string, Mention[]> {
  const out = new Map<string, Mention[]>();
  if (wanted.size === 0) return out;
  for (const fn of ir.functions) {
    // Only functions that declare or capture a wanted variable can mention one.
    if (!fn.vars.some((v) => wanted.has(varKey({ fn: fn.id, var: v.id })) || v.kind === "captured")) continue;
    for (const block of fn.blocks) {
      const note = (instr: Instr | null, span: Span) => (path: Path) => {
        const ref = rootVar(ir, fn, path);
        if (!ref) return;
        const key = varKey(ref);
        if (!wanted.has(key)) return;
        const list = out.get(key) ?? [];
        list.push({ fn, block, instr, path, pos: startOf(span) });
        out.set(key, list);
      };
      for (const instr of block.instrs) pathsOfInstr(instr, note(instr, instr.span));
      const t = block.term;
      if (t.kind === "branch" && t.cond.kind !== "opaque") note(null, t.span)(t.cond.path);
    }
  }
  for (const list of out.values()) list.sort((a, b) => a.pos - b.pos);
  return out;
}

function pathsOfInstr(instr: Instr, visit: (p: Path) => void): void {
  switch (instr.op) {
    case "access":
      return visit(instr.path);
    case "assign":
      for (const t of instr.targets) if (t) visit(t);
      return pathsOfValue(instr.value, visit);
    case "call":
      for (const r of instr.results) if (r) visit(r);
      return pathsOfCall(instr.call, visit);
    case "go":
      if (instr.group) visit(instr.group);
      return pathsOfCall(instr.call, visit);
    case "defer":
      return pathsOfCall(instr.call, visit);
    case "lock":
    case "unlock":
      return visit(instr.mutex);
    case "send":
      visit(instr.channel);
      return pathsOfValue(instr.value, visit);
    case "recv":
      visit(instr.channel);
      for (const t of instr.targets) if (t) visit(t);
      return;
    case "wait":
    case "wg":
      return visit(instr.group);
    case "return":
      for (const v of instr.values) pathsOfValue(v, visit);
  }
}

function pathsOfCall(call: Call, visit: (p: Path) => void): void {
  pathsOfCallee(call.callee, visit);
  for (const a of call.args) pathsOfValue(a, visit);
}

function pathsOfCallee(callee: Callee, visit: (p: Path) => void): void {
  if (callee.kind === "method") visit(callee.recv);
  else if (callee.kind === "value") visit(callee.path);
}

function pathsOfValue(value: Value, visit: (p: Path) => void): void {
  switch (value.kind) {
    case "path":
    case "addr":
      return visit(value.path);
    case "element":
    case "range-key":
    case "range-value":
      return visit(value.of);
    case "literal":
      for (const f of value.fields) pathsOfValue(f.value, visit);
      for (const e of value.elements) pathsOfValue(e, visit);
      return;
    case "convert":
    case "assert":
      return pathsOfValue(value.value, visit);
    case "func":
      return pathsOfCallee(value.callee, visit);
  }
}
