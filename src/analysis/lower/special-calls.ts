// The calls that are more than calls: Lock/Unlock, Wait, Add/Done and Go(f)
// on a path become lock, wait, wg and go instructions; panic, os.Exit,
// log.Fatal*, runtime.Goexit and t.Fatal* on a parameter end the block.
import type { Node } from "web-tree-sitter";
import { T } from "../go/grammar.js";
import type { Call, Callee, Value } from "./ir.js";
import type { FunctionContext } from "./lowering-context.js";
import type { Kid } from "./syntax.js";

const LOCKS: Record<string, { op: "lock" | "unlock"; mode: "read" | "write" }> = {
  Lock: { op: "lock", mode: "write" },
  RLock: { op: "lock", mode: "read" },
  Unlock: { op: "unlock", mode: "write" },
  RUnlock: { op: "unlock", mode: "read" },
};
const TEST_ENDS = new Set(["Fatal", "Fatalf", "FailNow", "SkipNow", "Skip", "Skipf"]);
const LOG_ENDS = new Set(["Fatal", "Fatalf", "Fatalln", "Panic", "Panicf", "Panicln"]);

/** Methods whose calls may be lock, wait, wg, spawn or test-ending instructions: their arguments are read from the tree. */
export const SPECIAL_METHODS = new Set([...Object.keys(LOCKS), "Wait", "Add", "Done", "Go", ...TEST_ENDS]);


/** The call a function value stands for when something calls it with no arguments (Go(f), AfterFunc(d, f)). */
export function funcCall(f: Value): Call {
  let callee: Callee;
  if (f.kind === "closure") callee = { kind: "closure", fn: f.fn };
  else if (f.kind === "func") callee = f.callee;
  else if (f.kind === "path") callee = { kind: "value", path: f.path };
  else callee = { kind: "dynamic", text: f.kind };
  return { callee, args: [], spread: false };
}

/** Lock/Unlock, Wait, Add/Done and Go(f) on a path; false for an ordinary method call. */
export function methodInstr(cx: FunctionContext, node: Node, callee: Callee & { kind: "method" }, args: Kid[], statement: boolean): boolean {
  const { recv, name } = callee;
  const n = args.length;
  const lock = LOCKS[name];
  if (lock && n === 0 && statement) {
    cx.b.emit({ op: lock.op, ...cx.at(node), mutex: recv, mode: lock.mode });
    return true;
  }
  if (name === "Wait" && n === 0) {
    cx.b.emit({ op: "wait", ...cx.at(node), group: recv });
    return true;
  }
  if (((name === "Add" && n === 1 && countLike(cx, args[0])) || (name === "Done" && n === 0)) && statement) {
    if (n === 1) cx.pkg.lower.value(cx, args[0]);
    cx.b.emit({ op: "wg", ...cx.at(node), group: recv, method: name });
    return true;
  }
  if (name === "Go" && n === 1) {
    const f = cx.pkg.lower.value(cx, args[0]);
    cx.b.emit({ op: "go", ...cx.at(node), call: funcCall(f), spawn: "group", group: recv });
    return true;
  }
  return false;
}

/** Calls after which the function does not go on: panic, os.Exit, log.Fatal*, runtime.Goexit, t.Fatal* on a parameter. */
export function endsBlock(cx: FunctionContext, callee: Callee): boolean {
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

/** Whether an argument could be a WaitGroup delta: not a string, rune, literal, closure or address (a set's `Add("a")` is no wg). */
function countLike(cx: FunctionContext, arg: Kid): boolean {
  const c = cx.src.text[arg.node.startIndex];
  if (c === '"' || c === "`" || c === "'" || c === "&") return false;
  return arg.type !== T.compositeLiteral && arg.type !== T.funcLiteral;
}
