// Where function values go, flow-insensitively: the constraints each
// instruction adds to the flow graph (assignments, literals with func
// fields and elements, sends and receives, returns), and the edges from a
// call's arguments to its targets' parameters and from their results back.
import type { Call, Callee, Instr, IrFunction, Path, TypeRef, Value } from "../lower/ir.js";
import { ELEMENTS, flowKey, resultKey, varKey } from "./flow-keys.js";
import { ARG0, BOUND, FlowGraph, pack, PLAIN, type FuncValue } from "./flow-graph.js";
import type { TypeInference } from "./infer-types.js";
import { resolveCallee, type CallTarget } from "./resolve-callee.js";
import { FuncCarriers } from "./func-carriers.js";
import { derefAll } from "./type-refs.js";

/** A flow key, or how to compute it when it turns out to be needed. */
export type Key = string | (() => string);

function keyOf(k: Key): string {
  return typeof k === "string" ? k : k();
}

/** Literals nested deeper than this add no more constraints. */
const MAX_LITERAL_DEPTH = 8;

export class FunctionFlow {
  private readonly carriers: FuncCarriers;
  private readonly signatures: ({ params: number[]; receiver: number | null } | undefined)[] = [];

  constructor(
    readonly q: TypeInference,
    readonly graph: FlowGraph,
  ) {
    this.carriers = new FuncCarriers(q.types);
  }

  /**
   * `to` may hold what `from` holds, for a value of type `t`: only the keys
   * where a func value can be. Keys are computed only when needed (most
   * values cannot hold a func, and a key costs a walk over the path's types).
   */
  copy(from: Key, to: Key, t: TypeRef | null): void {
    const carrying = this.carriers.of(t);
    if (!carrying.self && carrying.elements.length === 0) return;
    const a = keyOf(from);
    const b = keyOf(to);
    if (carrying.self) this.graph.edge(a, b);
    for (const depth of carrying.elements) this.graph.edge(a + ELEMENTS.repeat(depth), b + ELEMENTS.repeat(depth));
  }

  private pathKey(fn: IrFunction, path: Path, suffix = ""): () => string {
    return () => this.key(fn, path) + suffix;
  }

  key(fn: IrFunction, path: Path): string {
    return flowKey(this.q, fn, path);
  }

  /** The constraints of one instruction that is not a call (calls are connected per target). */
  instr(fn: IrFunction, instr: Instr): void {
    switch (instr.op) {
      case "assign": {
        const target = instr.targets[0];
        if (target) this.value(fn, instr.value, this.pathKey(fn, target), 0);
        break;
      }
      case "send":
        this.value(fn, instr.value, this.pathKey(fn, instr.channel, ELEMENTS), 0);
        break;
      case "recv":
        if (instr.targets[0]) this.copy(this.pathKey(fn, instr.channel, ELEMENTS), this.pathKey(fn, instr.targets[0]), this.q.elementOf(fn, instr.channel));
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
    fn.results.forEach((varId, i) => this.copy(() => varKey(this.q.index, fn, varId), resultKey(fn.id, i), this.q.varType(fn, varId)));
  }

  /** `value` may be kept at `target`. */
  value(fn: IrFunction, value: Value, target: Key, depth: number): void {
    switch (value.kind) {
      case "path": {
        const method = this.methodValue(fn, value.path);
        if (method) this.funcValue(fn, method, target);
        else this.copy(this.pathKey(fn, value.path), target, this.q.typeOf(fn, value.path));
        break;
      }
      case "addr":
        this.copy(this.pathKey(fn, value.path), target, this.q.typeOf(fn, value.path));
        break;
      case "element":
        this.copy(this.pathKey(fn, value.of, ELEMENTS), target, this.q.elementOf(fn, value.of));
        break;
      case "range-key":
        this.copy(this.pathKey(fn, value.of, ELEMENTS), target, this.q.rangeOf(fn, value.of).key);
        break;
      case "range-value":
        this.copy(this.pathKey(fn, value.of, ELEMENTS), target, this.q.rangeOf(fn, value.of).value);
        break;
      case "closure":
        this.graph.add(keyOf(target), pack(value.fn, PLAIN));
        break;
      case "func":
        this.funcValue(fn, value.callee, target);
        break;
      case "convert":
      case "assert":
        this.value(fn, value.value, target, depth);
        break;
      case "literal":
        if (depth < MAX_LITERAL_DEPTH) this.literal(fn, value, keyOf(target), depth);
        break;
      default:
        break;
    }
  }

  /** Connects a call site to one of its targets: arguments to parameters, results to the call's targets. */
  connect(fn: IrFunction, call: Call, results: readonly (Path | null)[], target: CallTarget): void {
    const callee = this.q.index.fn(target.fn);
    if (!callee) return;
    const { params, receiver } = this.signature(callee);
    const variadic = this.q.index.declOf[callee.id]?.variadic ?? false;
    let args = call.args;
    if (target.receiver === "arg0") {
      if (args[0] && receiver !== null) this.value(fn, args[0], () => varKey(this.q.index, callee, receiver), 0);
      args = args.slice(1);
    } else if (target.receiver === "path" && call.callee.kind === "method" && receiver !== null) {
      const recv = call.callee.recv;
      this.copy(this.pathKey(fn, recv), () => varKey(this.q.index, callee, receiver), this.q.typeOf(fn, recv));
    }
    args.forEach((arg, i) => {
      const last = params.length - 1;
      const spreadInto = variadic && i >= last && !call.spread;
      const param = params[spreadInto ? last : i];
      if (param === undefined) return;
      this.value(fn, arg, () => varKey(this.q.index, callee, param) + (spreadInto ? ELEMENTS : ""), 0);
    });
    results.forEach((r, i) => {
      if (r) this.copy(resultKey(callee.id, i), this.pathKey(fn, r), this.q.typeOf(fn, r));
    });
  }

  /** Var ids of a function's parameters by position, and of its receiver. */
  private signature(callee: IrFunction): { params: number[]; receiver: number | null } {
    const known = this.signatures[callee.id];
    if (known) return known;
    const params: number[] = [];
    let receiver: number | null = null;
    for (const v of callee.vars) {
      if (v.kind === "param" && v.index !== undefined) params[v.index] = v.id;
      else if (v.kind === "receiver") receiver = v.id;
    }
    const out = { params, receiver };
    this.signatures[callee.id] = out;
    return out;
  }

  /** `append(xs, f)`: the result holds xs's elements and the appended values. */
  append(fn: IrFunction, call: Call, results: readonly (Path | null)[]): void {
    const out = results[0];
    if (!out || call.args.length === 0) return;
    const elements = this.pathKey(fn, out, ELEMENTS);
    this.value(fn, call.args[0], this.pathKey(fn, out), 0);
    call.args.slice(1).forEach((arg) => {
      if (call.spread && arg.kind === "path") this.copy(this.pathKey(fn, arg.path, ELEMENTS), elements, this.q.elementOf(fn, arg.path));
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

  private funcValue(fn: IrFunction, callee: Callee, target: Key): void {
    const r = resolveCallee(this.q, fn, callee);
    if (r.valueKey) {
      this.graph.edge(r.valueKey, keyOf(target));
      return;
    }
    const shape = callee.kind === "method-expr" ? ARG0 : callee.kind === "method" ? BOUND : PLAIN;
    for (const t of r.targets) this.graph.add(keyOf(target), pack(t.fn, shape));
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
