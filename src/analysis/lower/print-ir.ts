// The IR as text, in the spirit of go/ssa's printed form: golden tests
// compare it, and people read it to see what lowering made of their code.
//
//   func (*Cache).Put  // cache.go:12
//     vars: c=receiver:*Cache, k=param0:string, t0=temp
//     b0 entry:
//       lock c.mu write                       // 13:2
//       access write c.items =                // 14:2
//       if c.items == nil -> b1, b2           // 15:5
//
// Names: a Var prints as its name (`x#7`, with its id, when the function has
// two Vars of that name); a package-level name as `@name`; an imported one
// as `"net/http".Name`; a deref as `.*`; an element as `[]`; a path cut at
// MAX_PATH_DEPTH ends in `…`. A call of a func value prints its path in
// parentheses, a builtin bare, a closure by its function's name.
import type { Callee, Call, Cond, Instr, IrFunction, PackageIr, Path, Terminator, TypeRef, Value, Var } from "./ir.js";
import { formatValue } from "./print-values.js";

const COMMENT_COLUMN = 44;

export function printPackage(ir: PackageIr, options: { func?: string } = {}): string {
  const fns = options.func === undefined ? ir.functions : ir.functions.filter((f) => f.name === options.func);
  return fns.map((f) => printFunction(f, ir)).join("\n");
}

export function printFunction(fn: IrFunction, ir: PackageIr): string {
  const names = new Names(fn, ir);
  const out: string[] = [];
  const file = fn.path.slice(fn.path.lastIndexOf("/") + 1);
  out.push(`func ${fn.name}  // ${file}:${fn.span.line}`);
  if (fn.parent !== null) out.push(`  parent: ${ir.functions[fn.parent]?.name ?? fn.parent}`);
  if (fn.typeParams.length) out.push(`  type params: ${fn.typeParams.join(", ")}`);
  if (fn.broken) out.push("  broken");
  for (const note of fn.notes) out.push(`  note: ${note}`);
  if (fn.vars.length) out.push(`  vars: ${fn.vars.map((v) => `${names.of(v.id)}=${describeVar(v, ir)}`).join(", ")}`);
  for (const block of fn.blocks) {
    out.push(`  b${block.id} ${block.label}:`);
    for (const instr of block.instrs) out.push(line(`    ${formatInstr(instr, names)}`, `${instr.span.line}:${instr.span.column}`));
    const term = formatTerm(block.term, names);
    if (term) out.push(block.term.kind === "branch" || block.term.kind === "switch" ? line(`    ${term}`, `${block.term.span.line}:${block.term.span.column}`) : `    ${term}`);
  }
  return `${out.join("\n")}\n`;
}

function line(text: string, position: string): string {
  return `${text.length < COMMENT_COLUMN ? text.padEnd(COMMENT_COLUMN) : `${text}  `}// ${position}`;
}

function describeVar(v: Var, ir: PackageIr): string {
  let kind: string = v.kind;
  if (v.kind === "param" || v.kind === "result") kind += v.index ?? "";
  if (v.kind === "captured" && v.outer) {
    const outer = ir.functions[v.outer.fn];
    kind += `(${outer?.name ?? v.outer.fn}.${outer ? new Names(outer, ir).of(v.outer.var) : v.outer.var})`;
  }
  return v.type ? `${kind}:${v.type.text}` : kind;
}

/** Printed names of one function's Vars. */
export class Names {
  private readonly duplicated = new Set<string>();

  constructor(
    readonly fn: IrFunction,
    readonly ir: PackageIr,
  ) {
    const seen = new Set<string>();
    for (const v of fn.vars) {
      if (seen.has(v.name)) this.duplicated.add(v.name);
      seen.add(v.name);
    }
  }

  of(id: number): string {
    const v = this.fn.vars[id];
    if (!v) return `?${id}`;
    return this.duplicated.has(v.name) ? `${v.name}#${id}` : v.name;
  }

  path(p: Path): string {
    let s: string;
    const r = p.root;
    if (r.kind === "var") s = this.of(r.var);
    else if (r.kind === "package") s = `@${r.name}`;
    else s = `${JSON.stringify(r.pkg)}.${r.name}`;
    for (const sel of p.selectors) s += sel.kind === "field" ? `.${sel.name}` : sel.kind === "index" ? "[]" : ".*";
    return p.truncated ? `${s}…` : s;
  }

  fnName(id: number): string {
    return this.ir.functions[id]?.name ?? `fn${id}`;
  }

  value(v: Value): string {
    return formatValue(v, this);
  }

  type(t: TypeRef | null): string {
    return t ? t.text : "?";
  }

  callee(c: Callee): string {
    switch (c.kind) {
      case "func":
        return `@${c.name}${c.typeArgs?.length ? `[${c.typeArgs.map((t) => t.text).join(", ")}]` : ""}`;
      case "method":
        return `${this.path(c.recv)}.${c.name}`;
      case "external":
        return `${JSON.stringify(c.pkg)}.${c.name}`;
      case "method-expr":
        return `(${c.type.text}).${c.name}`;
      case "value":
        return `(${this.path(c.path)})`;
      case "closure":
        return this.fnName(c.fn);
      case "builtin":
        return c.name;
      default:
        return `dynamic{${c.text}}`;
    }
  }

  call(c: Call): string {
    const args = c.args.map((a) => this.value(a));
    if (c.spread && args.length) args[args.length - 1] += "...";
    return `${this.callee(c.callee)}(${args.join(", ")})`;
  }
}

function targets(ts: (Path | null)[], names: Names): string {
  return ts.map((t) => (t ? names.path(t) : "_")).join(", ");
}

function formatInstr(i: Instr, n: Names): string {
  switch (i.op) {
    case "access":
      return `access ${i.kind} ${n.path(i.path)}${i.operator ? ` ${i.operator}` : ""}`;
    case "assign":
      return `assign ${targets(i.targets, n)} ${i.define ? ":=" : "="} ${n.value(i.value)}`;
    case "call":
      return `call ${n.call(i.call)}${i.results.length ? ` -> ${targets(i.results, n)}` : ""}`;
    case "go":
      return `go${i.spawn === "go" ? "" : `[${i.spawn}${i.group ? ` ${n.path(i.group)}` : ""}]`} ${n.call(i.call)}`;
    case "defer":
      return `defer ${n.call(i.call)}`;
    case "lock":
    case "unlock":
      return `${i.op} ${n.path(i.mutex)} ${i.mode}`;
    case "send":
      return `send ${n.path(i.channel)} <- ${n.value(i.value)}`;
    case "recv":
      return `recv ${n.path(i.channel)}${i.targets.length ? ` -> ${targets(i.targets, n)}` : ""}`;
    case "wait":
      return `wait ${n.path(i.group)}`;
    case "wg":
      return `wg ${i.method} ${n.path(i.group)}`;
    case "return":
      return `return${i.values.length ? ` ${i.values.map((v) => n.value(v)).join(", ")}` : ""}`;
  }
}

function formatCond(c: Cond, n: Names): string {
  switch (c.kind) {
    case "nil":
      return `${n.path(c.path)} ${c.negated ? "!=" : "=="} nil`;
    case "bool":
      return `${c.negated ? "!" : ""}${n.path(c.path)}`;
    case "len":
      return `len(${n.path(c.path)}) ${c.op} ${c.value}`;
    default:
      return `opaque ${JSON.stringify(c.text)}`;
  }
}

function formatTerm(t: Terminator, n: Names): string {
  switch (t.kind) {
    case "jump":
      return `jump b${t.to}`;
    case "branch":
      return `if ${formatCond(t.cond, n)} -> b${t.then}, b${t.else}`;
    case "switch":
      return `switch -> ${t.to.map((b) => `b${b}`).join(", ") || "(none: blocks forever)"}`;
    case "return":
      return "exit";
    default:
      return "panic";
  }
}
