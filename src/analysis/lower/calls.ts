// Calls and the call-shaped statements mapguard cares about: builtins that
// touch a map (len, delete, clear) become accesses; Lock/Unlock, Wait,
// Add/Done become lock, wait and wg instructions; Go(f) and time.AfterFunc
// start goroutines; panic, os.Exit, log.Fatal and t.Fatal end the block.
import type { Node } from "web-tree-sitter";
import { T } from "../go/grammar.js";
import { typeRef } from "../go/type-syntax.js";
import { calleeOf } from "./callee.js";
import type { Call, Callee, Path, TypeRef, Value } from "./ir.js";
import type { FunctionContext } from "./lowering-context.js";
import { type Kid, namedKids } from "./syntax.js";

/** How a call's results are used: dropped (a statement), one value, or written to these targets. */
export type CallUse = "stmt" | "value" | AssignTargets;

/**
 * Targets of an assignment, resolved only when called: after the right-hand
 * side is lowered, because `ctx, cancel := context.WithTimeout(ctx, d)` reads
 * the outer ctx before declaring its own.
 */
export interface AssignTargets {
  targets: () => (Path | null)[];
  define: boolean;
  /** Called after the instruction that writes the targets (index targets' write accesses go there). */
  after: () => void;
}

const CONST: Value = { kind: "const" };
const UNKNOWN: Value = { kind: "unknown" };
const LOCKS: Record<string, { op: "lock" | "unlock"; mode: "read" | "write" }> = {
  Lock: { op: "lock", mode: "write" },
  RLock: { op: "lock", mode: "read" },
  Unlock: { op: "unlock", mode: "write" },
  RUnlock: { op: "unlock", mode: "read" },
};
const TEST_ENDS = new Set(["Fatal", "Fatalf", "FailNow", "SkipNow", "Skip", "Skipf"]);
const LOG_ENDS = new Set(["Fatal", "Fatalf", "Fatalln", "Panic", "Panicf", "Panicln"]);

interface CallParts {
  fn: Kid | undefined;
  typeArgs: TypeRef[];
  args: Kid[];
}

function partsOf(cx: FunctionContext, node: Node): CallParts {
  const kids = namedKids(node);
  const fn = kids[0];
  let typeArgs: TypeRef[] = [];
  let args: Kid[] = [];
  for (let i = 1; i < kids.length; i++) {
    const k = kids[i];
    if (k.type === "type_arguments") typeArgs = namedKids(k.node).map((t) => typeRef(namedKids(t.node)[0]?.node ?? t.node, cx.imports));
    else if (k.type === T.argumentList) args = namedKids(k.node);
  }
  return { fn, typeArgs, args };
}

/**
 * Lowers call expression `node`. Returns the call's value, or null when its
 * results were written to the targets `use` gave.
 */
export function lowerCall(cx: FunctionContext, node: Node, use: CallUse): Value | null {
  const { fn, typeArgs, args } = partsOf(cx, node);
  if (!fn) return UNKNOWN;
  const c = calleeOf(cx, fn, typeArgs);
  if (c.kind === "conversion") {
    const value = args[0] ? cx.pkg.lower.value(cx, args[0].node) : UNKNOWN;
    for (let i = 1; i < args.length; i++) cx.pkg.lower.value(cx, args[i].node);
    return { kind: "convert", type: c.type, value };
  }
  const callee = c.callee;
  if (callee.kind === "builtin") {
    const special = builtin(cx, node, callee.name, args);
    if (special) return special;
  } else if (callee.kind === "method") {
    if (methodInstr(cx, node, callee, args, use)) return use === "value" ? UNKNOWN : use === "stmt" ? CONST : assignUnknown(cx, node, use);
  } else if (callee.kind === "external" && callee.pkg === "time" && callee.name === "AfterFunc" && args.length === 2) {
    cx.pkg.lower.value(cx, args[0].node);
    const f = cx.pkg.lower.value(cx, args[1].node);
    cx.b.emit({ op: "go", ...cx.at(node), call: funcCall(f), spawn: "timer" });
    return use === "value" || use === "stmt" ? UNKNOWN : assignUnknown(cx, node, use);
  }
  const call: Call = { callee, ...lowerArgs(cx, args) };
  const results = use === "stmt" ? [] : use === "value" ? [cx.b.temp()] : use.targets();
  cx.b.emit({ op: "call", ...cx.at(node), call, results });
  if (typeof use === "object") use.after();
  if (endsBlock(cx, callee)) cx.b.terminate({ kind: "panic" });
  if (use === "value") return results[0] ? { kind: "path", path: results[0] } : UNKNOWN;
  return use === "stmt" ? CONST : null;
}

/** The call of a go or defer statement: evaluated now, run later (no special forms). */
export function deferredCall(cx: FunctionContext, node: Node): Call | null {
  const { fn, typeArgs, args } = partsOf(cx, node);
  if (!fn) return null;
  const c = calleeOf(cx, fn, typeArgs);
  if (c.kind === "conversion") return null;
  return { callee: c.callee, ...lowerArgs(cx, args) };
}

/** The call a function value stands for when something calls it with no arguments (Go(f), AfterFunc(d, f)). */
export function funcCall(f: Value): Call {
  let callee: Callee;
  if (f.kind === "closure") callee = { kind: "closure", fn: f.fn };
  else if (f.kind === "func") callee = f.callee;
  else if (f.kind === "path") callee = { kind: "value", path: f.path };
  else callee = { kind: "dynamic", text: f.kind };
  return { callee, args: [], spread: false };
}

function lowerArgs(cx: FunctionContext, args: Kid[]): { args: Value[]; spread: boolean } {
  const values: Value[] = [];
  let spread = false;
  for (const a of args) {
    if (a.type === "variadic_argument") {
      spread = true;
      const inner = namedKids(a.node)[0];
      values.push(inner ? cx.pkg.lower.value(cx, inner.node) : UNKNOWN);
    } else values.push(cx.pkg.lower.value(cx, a.node));
  }
  return { args: values, spread };
}

/** len, delete, clear, make, new; null for the builtins that stay calls. */
function builtin(cx: FunctionContext, node: Node, name: string, args: Kid[]): Value | null {
  switch (name) {
    case "make":
    case "new": {
      const first = args[0];
      const type = first ? typeRef(first.node, cx.imports) : { kind: "other" as const, text: "" };
      for (let i = 1; i < args.length; i++) cx.pkg.lower.value(cx, args[i].node);
      return name === "new" ? { kind: "new", type } : { kind: "make", type, sized: args.length > 1 };
    }
    case "len":
    case "delete":
    case "clear": {
      if (args.length === 0) return CONST;
      const target = cx.pkg.lower.value(cx, args[0].node);
      if (target.kind === "path") cx.b.emit({ op: "access", ...cx.at(node), kind: name, path: target.path });
      for (let i = 1; i < args.length; i++) cx.pkg.lower.value(cx, args[i].node);
      return CONST;
    }
    default:
      return null;
  }
}

/** Lock/Unlock, Wait, Add/Done and Go(f) on a path; false for an ordinary method call. */
function methodInstr(cx: FunctionContext, node: Node, callee: Callee & { kind: "method" }, args: Kid[], use: CallUse): boolean {
  const { recv, name } = callee;
  const n = args.length;
  const lock = LOCKS[name];
  if (lock && n === 0 && use === "stmt") {
    cx.b.emit({ op: lock.op, ...cx.at(node), mutex: recv, mode: lock.mode });
    return true;
  }
  if (name === "Wait" && n === 0) {
    cx.b.emit({ op: "wait", ...cx.at(node), group: recv });
    return true;
  }
  if (((name === "Add" && n === 1) || (name === "Done" && n === 0)) && use === "stmt") {
    if (n === 1) cx.pkg.lower.value(cx, args[0].node);
    cx.b.emit({ op: "wg", ...cx.at(node), group: recv, method: name });
    return true;
  }
  if (name === "Go" && n === 1) {
    const f = cx.pkg.lower.value(cx, args[0].node);
    cx.b.emit({ op: "go", ...cx.at(node), call: funcCall(f), spawn: "group", group: recv });
    return true;
  }
  return false;
}

function assignUnknown(cx: FunctionContext, node: Node, use: AssignTargets): null {
  cx.b.emit({ op: "assign", ...cx.at(node), targets: use.targets(), value: UNKNOWN, define: use.define });
  use.after();
  return null;
}

/** Calls after which the function does not go on: panic, os.Exit, log.Fatal*, runtime.Goexit, t.Fatal* on a parameter. */
function endsBlock(cx: FunctionContext, callee: Callee): boolean {
  switch (callee.kind) {
    case "builtin":
      return callee.name === "panic";
    case "external":
      return (
        (callee.pkg === "os" && callee.name === "Exit") ||
        (callee.pkg === "log" && LOG_ENDS.has(callee.name)) ||
        (callee.pkg === "runtime" && callee.name === "Goexit")
      );
    case "method": {
      if (!TEST_ENDS.has(callee.name) || callee.recv.selectors.length > 0 || callee.recv.root.kind !== "var") return false;
      return cx.b.fn.vars[callee.recv.root.var]?.kind === "param";
    }
    default:
      return false;
  }
}
