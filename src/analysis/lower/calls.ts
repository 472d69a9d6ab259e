// Calls: callee, arguments and results. Builtins that touch a map (len,
// delete, clear) become accesses, make and new Values; time.AfterFunc
// starts a goroutine; the special methods are in special-calls.ts.
import type { Node } from "web-tree-sitter";
import { T } from "../go/grammar.js";
import { typeRef } from "../go/type-syntax.js";
import { calleeOf } from "./callee.js";
import type { Call, Path, TypeRef, Value } from "./ir.js";
import type { FunctionContext } from "./lowering-context.js";
import { simpleValue, splitSimple, typeOf } from "./simple-values.js";
import { endsBlock, funcCall, methodInstr, SPECIAL_METHODS } from "./special-calls.js";
import { type Kid, namedKids } from "./syntax.js";
import { none } from "./shared-values.js";

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
interface CallParts {
  fn: Kid | undefined;
  typeArgs: TypeRef[];
  argList: Kid | undefined;
}

function partsOf(cx: FunctionContext, node: Node): CallParts {
  const kids = namedKids(node);
  const fn = kids[0];
  let typeArgs: TypeRef[] = [];
  let argList: Kid | undefined;
  for (let i = 1; i < kids.length; i++) {
    const k = kids[i];
    if (k.type === "type_arguments") typeArgs = namedKids(k.node).map((t) => typeRef(namedKids(t.node)[0]?.node ?? t.node, cx.imports));
    else if (k.type === T.argumentList) argList = k;
  }
  return { fn, typeArgs, argList };
}

function argKids(list: Kid | undefined): Kid[] {
  return list ? namedKids(list.node) : [];
}

/**
 * Lowers call expression `node`. Returns the call's value, or null when its
 * results were written to the targets `use` gave.
 */
export function lowerCall(cx: FunctionContext, node: Node, use: CallUse): Value | null {
  const { fn, typeArgs, argList } = partsOf(cx, node);
  if (!fn) return UNKNOWN;
  const c = calleeOf(cx, fn, typeArgs);
  const special = c.kind === "conversion" || (c.callee.kind === "builtin" && BUILTIN_ACCESS.has(c.callee.name)) ||
    (c.callee.kind === "method" && SPECIAL_METHODS.has(c.callee.name)) || (c.callee.kind === "external" && c.callee.name === "AfterFunc");
  const args = special ? argKids(argList) : null;
  if (c.kind === "conversion" && args) {
    const value = args[0] ? cx.pkg.lower.value(cx, args[0]) : UNKNOWN;
    for (let i = 1; i < args.length; i++) cx.pkg.lower.value(cx, args[i]);
    return { kind: "convert", type: c.type, value };
  }
  if (c.kind === "conversion") return UNKNOWN;
  const callee = c.callee;
  if (callee.kind === "builtin" && args) {
    const value = builtin(cx, node, callee.name, args);
    if (value) return value;
  } else if (callee.kind === "method" && args) {
    if (methodInstr(cx, node, callee, args, use === "stmt")) return use === "value" ? UNKNOWN : use === "stmt" ? CONST : assignUnknown(cx, node, use);
  } else if (callee.kind === "external" && args && callee.pkg === "time" && callee.name === "AfterFunc" && args.length === 2) {
    cx.pkg.lower.value(cx, args[0]);
    const f = cx.pkg.lower.value(cx, args[1]);
    cx.b.emit({ op: "go", ...cx.at(node), call: funcCall(f), spawn: "timer" });
    return use === "value" || use === "stmt" ? UNKNOWN : assignUnknown(cx, node, use);
  }
  const call: Call = { callee, ...(args ? lowerArgs(cx, args) : lowerArgList(cx, argList)) };
  const results = use === "stmt" ? none<Path>() : use === "value" ? [cx.b.temp()] : use.targets();
  cx.b.emit({ op: "call", ...cx.at(node), call, results });
  if (typeof use === "object") use.after();
  if (endsBlock(cx, callee)) cx.b.terminate({ kind: "panic" });
  if (use === "value") return results[0] ? { kind: "path", path: results[0] } : UNKNOWN;
  return use === "stmt" ? CONST : null;
}

/** The call of a go or defer statement: evaluated now, run later (no special forms). */
export function deferredCall(cx: FunctionContext, node: Node): Call | null {
  const { fn, typeArgs, argList } = partsOf(cx, node);
  if (!fn) return null;
  const c = calleeOf(cx, fn, typeArgs);
  if (c.kind === "conversion") return null;
  return { callee: c.callee, ...lowerArgList(cx, argList) };
}

/** Arguments from the source text when they are simple (see simple-values.ts), else from the tree. */
function lowerArgList(cx: FunctionContext, list: Kid | undefined): { args: Value[]; spread: boolean } {
  if (!list) return { args: none<Value>(), spread: false };
  const text = cx.src.text;
  const start = list.node.startIndex + 1;
  const end = list.node.endIndex - 1;
  let inner = end;
  while (inner > start && /\s|,/.test(text[inner - 1])) inner--;
  if (inner === start) return { args: none<Value>(), spread: false };
  const spread = text.startsWith("...", inner - 3);
  const pieces = splitSimple(text, start, spread ? inner - 3 : inner);
  if (!pieces) return lowerArgs(cx, argKids(list));
  return { args: pieces.map((p) => simpleValue(cx, p.text)), spread };
}

function lowerArgs(cx: FunctionContext, args: Kid[]): { args: Value[]; spread: boolean } {
  const values: Value[] = [];
  let spread = false;
  for (const a of args) {
    if (a.type === "variadic_argument") {
      spread = true;
      const inner = namedKids(a.node)[0];
      values.push(inner ? cx.pkg.lower.value(cx, inner) : UNKNOWN);
    } else values.push(cx.pkg.lower.value(cx, a));
  }
  return { args: values, spread };
}

const BUILTIN_ACCESS = new Set(["make", "new", "len", "delete", "clear"]);

/** len, delete, clear, make, new; null for the builtins that stay calls. */
function builtin(cx: FunctionContext, node: Node, name: string, args: Kid[]): Value | null {
  switch (name) {
    case "make":
    case "new": {
      const first = args[0];
      const type = first ? typeOf(cx, first) : { kind: "other" as const, text: "" };
      for (let i = 1; i < args.length; i++) cx.pkg.lower.value(cx, args[i]);
      if (name === "new") return { kind: "new", type };
      const size = args[1];
      // A channel of capacity one is a mutex when used as one (summaries/semaphores.ts): only a literal size tells.
      return size?.type === T.intLiteral && /^[1-9][0-9]*$/.test(size.node.text) ? { kind: "make", type, sized: true, capacity: Number(size.node.text) } : { kind: "make", type, sized: args.length > 1 };
    }
    case "len":
    case "delete":
    case "clear": {
      if (args.length === 0) return CONST;
      const target = cx.pkg.lower.value(cx, args[0]);
      if (target.kind === "path") cx.b.emit({ op: "access", ...cx.at(node), kind: name, path: target.path });
      for (let i = 1; i < args.length; i++) cx.pkg.lower.value(cx, args[i]);
      return CONST;
    }
    default:
      return null;
  }
}

function assignUnknown(cx: FunctionContext, node: Node, use: AssignTargets): null {
  cx.b.emit({ op: "assign", ...cx.at(node), targets: use.targets(), value: UNKNOWN, define: use.define });
  use.after();
  return null;
}

