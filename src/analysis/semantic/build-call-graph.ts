// Builds the call graph in one pass over every instruction of the package:
// static targets are connected at once, calls of func values when a value
// reaches the key they call (the flow graph's listeners), then the graph is
// run to its fixpoint and the callbacks handed to unknown code are read off.
import type { Call, Instr, IrFunction, PackageIr, Path } from "../lower/ir.js";
import { CallGraph, type CallbackEscape, type CallOp, type CallSite } from "./call-graph.js";
import { FlowGraph, unpack, type Shape } from "./flow-graph.js";
import { FunctionFlow } from "./function-flow.js";
import type { TypeInference } from "./infer-types.js";
import { dedupe, resolveCallee, type ReceiverShape } from "./resolve-callee.js";

export interface CallGraphInput {
  inference: TypeInference;
}

/** Callees whose arguments go where mapguard cannot follow them. */
const OPAQUE = new Set(["external", "unresolved", "library"]);
const SHAPES: readonly ReceiverShape[] = [null, "bound", "arg0"];

interface PendingEscape {
  site: CallSite;
  call: Call;
  keys: string[];
}

export function buildCallGraph(ir: PackageIr, semantic: CallGraphInput): CallGraph {
  const q = semantic.inference;
  const graph = new FlowGraph();
  const flow = new FunctionFlow(q, graph);
  const sites: CallSite[] = [];
  const pending: PendingEscape[] = [];

  const addSite = (fn: IrFunction, instr: Instr, ref: { block: number; index: number }, op: CallOp, call: Call, results: readonly (Path | null)[]): void => {
    const r = resolveCallee(q, fn, call.callee);
    const site: CallSite = { fn: fn.id, ...ref, op, span: instr.span, how: r.how, targets: r.targets };
    // lock/unlock/wait/wg are calls only when they reach package code (a method, or an interface's implementations).
    if (op !== "call" && op !== "go" && op !== "defer" && r.how !== "method" && r.how !== "interface") return;
    sites.push(site);
    for (const t of r.targets) flow.connect(fn, call, results, t);
    if (call.callee.kind === "builtin" && call.callee.name === "append") flow.append(fn, call, results);
    if (r.valueKey) {
      const connected = new Set<number>();
      graph.listen(r.valueKey, (v) => {
        if (connected.has(v)) return;
        connected.add(v);
        const { fn: target, shape } = unpack(v);
        const t = { fn: target, receiver: SHAPES[shape as Shape] };
        site.targets.push(t);
        flow.connect(fn, call, results, t);
      });
    }
    if (OPAQUE.has(r.how) || r.valueKey) {
      // Where each argument's func values are, read once the graph is complete.
      const keys = call.args.map((arg, i) => {
        const key = `e${sites.length - 1}.${i}`;
        flow.value(fn, arg, key, 0);
        return key;
      });
      pending.push({ site, call, keys });
    }
  };

  for (const fn of ir.functions) {
    flow.namedResults(fn);
    for (let b = 0; b < fn.blocks.length; b++) {
      const instrs = fn.blocks[b].instrs;
      for (let index = 0; index < instrs.length; index++) {
        const instr = instrs[index];
        switch (instr.op) {
          case "call":
            addSite(fn, instr, { block: b, index }, "call", instr.call, instr.results);
            break;
          case "go":
          case "defer":
            addSite(fn, instr, { block: b, index }, instr.op, instr.call, []);
            break;
          case "lock":
          case "unlock": {
            const name = (instr.op === "lock" ? "" : "Un") + (instr.mode === "read" ? "RLock" : "Lock");
            addSite(fn, instr, { block: b, index }, instr.op, methodCall(instr.mutex, name.replace("UnRLock", "RUnlock")), []);
            break;
          }
          case "wait":
            addSite(fn, instr, { block: b, index }, "wait", methodCall(instr.group, "Wait"), []);
            break;
          case "wg":
            addSite(fn, instr, { block: b, index }, "wg", methodCall(instr.group, instr.method), []);
            break;
          default:
            flow.instr(fn, instr);
        }
      }
    }
  }
  graph.run();

  const escapes: CallbackEscape[] = [];
  for (const { site, call, keys } of pending) {
    // A func value called with no known target is someone else's code too.
    if (site.how === "value" && site.targets.length > 0) continue;
    keys.forEach((key, arg) => {
      const targets = [...new Set([...graph.valuesAt(key)].map((v) => unpack(v).fn))];
      if (targets.length > 0) escapes.push({ fn: site.fn, block: site.block, index: site.index, arg, callee: calleeText(call), span: site.span, targets });
    });
  }
  for (const s of sites) s.targets = dedupe(s.targets);
  return new CallGraph(ir.functions.length, sites, escapes);
}

function methodCall(recv: Path, name: string): Call {
  return { callee: { kind: "method", recv, name }, args: [], spread: false };
}

function calleeText(call: Call): string {
  const c = call.callee;
  switch (c.kind) {
    case "external":
      return `${c.pkg}.${c.name}`;
    case "func":
    case "builtin":
      return c.name;
    case "method":
    case "method-expr":
      return `.${c.name}`;
    case "dynamic":
      return c.text;
    default:
      return c.kind;
  }
}
