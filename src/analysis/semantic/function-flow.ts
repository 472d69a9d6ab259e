// Where function values go, flow-insensitively: the constraints each
// instruction adds to the flow graph (assignments, literals with func
// fields and elements, sends and receives, returns), and the edges from a
// call's arguments to its targets' parameters and from their results back.
import type { Call, Callee, Instr, IrFunction, Path, TypeRef, Value } from "../lower/ir.js";
import { ELEMENTS, flowKey, resultKey, varKey } from "./flow-keys.js";
import { ARG0, BOUND, FlowGraph, pack, PLAIN, type FuncValue } from "./flow-graph.js";
import type { TypeInference } from "./infer-types.js";
import { resolveCallee, type CallTarget } from "./resolve-callee.js";
import { derefAll } from "./type-refs.js";

/** Literals nested deeper than this add no more constraints. */
const MAX_LITERAL_DEPTH = 8;

export class FunctionFlow {
  constructor(
    readonly q: TypeInference,
    readonly graph: FlowGraph,
  ) {}

  key(fn: IrFunction, path: Path): string {
    return flowKey(this.q, fn, path);
  }

  /** The constraints of one instruction that is not a call (calls are connected per target). */
  instr(fn: IrFunction, instr: Instr): void {
    switch (instr.op) {
      case "assign": {
        const target = instr.targets[0];
        if (target) this.value(fn, instr.value, this.key(fn, target), 0);
        break;
      }
      case "send":
        this.value(fn, instr.value, this.key(fn, instr.channel) + ELEMENTS, 0);
        break;
      case "recv":
        if (instr.targets[0]) this.graph.edge(this.key(fn, instr.channel) + ELEMENTS, this.key(fn, instr.targets[0]));
        break;
      case "return":
        instr.values.forEach((v, i) => this.value(fn, v, resultKey(fn.id, i), 0));
        break;
      default:
        break;
    }
  }

  /** Named results flow out at every bare `return`. */
  namedResults(fn: IrFunction): void {
    fn.results.forEach((varId, i) => this.graph.edge(varKey(this.q.index, fn, varId), resultKey(fn.id, i)));
  }

  /** `value` may be kept at `target`. */
  value(fn: IrFunction, value: Value, target: string, depth: number): void {
    switch (value.kind) {
      case "path": {
        const method = this.methodValue(fn, value.path);
        if (method) this.funcValue(fn, method, target);
        else this.graph.edge(this.key(fn, value.path), target);
        break;
      }
      case "addr":
        this.graph.edge(this.key(fn, value.path), target);
        break;
      case "element":
      case "range-key":
      case "range-value":
        this.graph.edge(this.key(fn, value.of) + ELEMENTS, target);
        break;
      case "closure":
        this.graph.add(target, pack(value.fn, PLAIN));
        break;
      case "func":
        this.funcValue(fn, value.callee, target);
        break;
      case "convert":
      case "assert":
        this.value(fn, value.value, target, depth);
        break;
      case "literal":
        if (depth < MAX_LITERAL_DEPTH) this.literal(fn, value, target, depth);
        break;
      default:
        break;
    }
  }

  /** Connects a call site to one of its targets: arguments to parameters, results to the call's targets. */
  connect(fn: IrFunction, call: Call, results: readonly (Path | null)[], target: CallTarget): void {
    const callee = this.q.index.fn(target.fn);
    if (!callee) return;
    const params: number[] = [];
    let receiver: number | null = null;
    for (const v of callee.vars) {
      if (v.kind === "param" && v.index !== undefined) params[v.index] = v.id;
      else if (v.kind === "receiver") receiver = v.id;
    }
    const variadic = this.q.index.declOf[callee.id]?.variadic ?? false;
    let args = call.args;
    if (target.receiver === "arg0") {
      if (args[0] && receiver !== null) this.value(fn, args[0], varKey(this.q.index, callee, receiver), 0);
      args = args.slice(1);
    } else if (target.receiver === "path" && call.callee.kind === "method" && receiver !== null) {
      this.graph.edge(this.key(fn, call.callee.recv), varKey(this.q.index, callee, receiver));
    }
    args.forEach((arg, i) => {
      const last = params.length - 1;
      const spreadInto = variadic && i >= last && !call.spread;
      const param = params[spreadInto ? last : i];
      if (param === undefined) return;
      this.value(fn, arg, varKey(this.q.index, callee, param) + (spreadInto ? ELEMENTS : ""), 0);
    });
    results.forEach((r, i) => {
      if (r) this.graph.edge(resultKey(callee.id, i), this.key(fn, r));
    });
  }

  /** `append(xs, f)`: the result holds xs's elements and the appended values. */
  append(fn: IrFunction, call: Call, results: readonly (Path | null)[]): void {
    const out = results[0];
    if (!out || call.args.length === 0) return;
    const elements = this.key(fn, out) + ELEMENTS;
    this.value(fn, call.args[0], this.key(fn, out), 0);
    call.args.slice(1).forEach((arg) => {
      if (call.spread && arg.kind === "path") this.graph.edge(this.key(fn, arg.path) + ELEMENTS, elements);
      else this.value(fn, arg, elements, 0);
    });
  }

  /** `s.serve` read as a value is a method value when `serve` is a method of s's type (lowering cannot tell it from a field). */
  private methodValue(fn: IrFunction, path: Path): Callee | null {
    const last = path.selectors[path.selectors.length - 1];
    if (last?.kind !== "field") return null;
    const recv: Path = { root: path.root, selectors: path.selectors.slice(0, -1) };
    const t = this.q.typeOf(fn, recv);
    const m = t ? this.q.sets.member(t, last.name) : null;
    return m && m.kind !== "field" ? { kind: "method", recv, name: last.name } : null;
  }

  private funcValue(fn: IrFunction, callee: Callee, target: string): void {
    const r = resolveCallee(this.q, fn, callee);
    if (r.valueKey) {
      this.graph.edge(r.valueKey, target);
      return;
    }
    const shape = callee.kind === "method-expr" ? ARG0 : callee.kind === "method" ? BOUND : PLAIN;
    for (const t of r.targets) this.graph.add(target, pack(t.fn, shape));
  }

  private literal(fn: IrFunction, lit: Extract<Value, { kind: "literal" }>, target: string, depth: number): void {
    const type: TypeRef | null = lit.type ? derefAll(lit.type) : null;
    const view = type ? this.q.types.structOf(type) : null;
    if (!view) {
      for (const e of lit.elements) this.value(fn, e, target + ELEMENTS, depth + 1);
      for (const f of lit.fields) this.value(fn, f.value, `${target}.${f.name}`, depth + 1);
      return;
    }
    const fieldTarget = (name: string): string => (view.owner ? `f.${view.owner}.${name}` : `${target}.${name}`);
    for (const f of lit.fields) this.value(fn, f.value, fieldTarget(f.name), depth + 1);
    lit.elements.forEach((e, i) => {
      const f = view.fields[i];
      if (f) this.value(fn, e, fieldTarget(f.name), depth + 1);
    });
  }
}
