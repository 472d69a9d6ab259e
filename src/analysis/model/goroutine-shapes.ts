// Recognising the syntax of concurrency without types: which calls start a
// body concurrently, which literals are request handlers, which calls wait.
// Every shape here is one a reader would also take for certain.
import type { Node } from "web-tree-sitter";
import { F, T, TOKEN } from "../go/grammar.js";
import { field, kids, unparen } from "../go/nodes.js";
import type { ConcurrentKind } from "./goroutine-types.js";

/** A call that runs its function-literal argument concurrently, or under sync.Once. */
export interface SpawningCall {
  kind: Exclude<ConcurrentKind, "go" | "handler"> | "once";
  literal: Node;
}

/**
 * `g.Go(func() error {...})` (errgroup), `wg.Go(func() {...})` (Go 1.25
 * WaitGroup), `time.AfterFunc(d, func() {...})`, and `once.Do(func() {...})`,
 * which runs its literal synchronously and at most once.
 */
export function spawningCall(fn: Node | null, args: readonly Node[]): SpawningCall | null {
  if (!fn || fn.type !== T.selectorExpression) return null;
  const name = field(fn, F.field)?.text;
  const last = args.length > 0 ? unparen(args[args.length - 1]) : null;
  if (!last || last.type !== T.funcLiteral) return null;
  if (name === "AfterFunc" && args.length === 2 && field(fn, F.operand)?.text === "time") return { kind: "after-func", literal: last };
  if (args.length !== 1) return null;
  if (name === "Go") return { kind: field(last, F.result) ? "errgroup" : "wait-group", literal: last };
  if (name === "Do" && !field(last, F.result) && parameterCount(last) === 0) return { kind: "once", literal: last };
  return null;
}

/** `x.Wait()`: a sync.WaitGroup or errgroup.Group waiting for what it started. */
export function isWaitCall(fn: Node | null, args: readonly Node[]): boolean {
  return args.length === 0 && fn?.type === T.selectorExpression && field(fn, F.field)?.text === "Wait";
}

/** `close(ch)`: ends a channel, which a receive or range waits for. */
export function closedChannel(fn: Node | null, args: readonly Node[]): string | null {
  return fn?.type === T.identifier && fn.text === "close" && args.length === 1 ? unparen(args[0]).text : null;
}

/** `<-ch` as an expression: the channel's text, or null. */
export function receivedChannel(node: Node): string | null {
  if (node.type !== T.unaryExpression || field(node, F.operator)?.type !== TOKEN.receive) return null;
  const operand = field(node, F.operand);
  return operand ? unparen(operand).text : null;
}

/**
 * Functions the server calls concurrently for concurrent requests:
 * `(http.ResponseWriter, *http.Request)` and gin's `(*gin.Context)`.
 */
export function isHandlerSignature(fn: Node): boolean {
  const params = field(fn, F.parameters);
  if (!params) return false;
  const types: string[] = [];
  for (const p of kids(params)) {
    if (p.type !== T.parameterDeclaration) return false;
    const type = field(p, F.type)?.text.replace(/\s+/g, "") ?? "";
    const names = p.childrenForFieldName(F.name).length;
    for (let i = 0; i < Math.max(names, 1); i++) types.push(type);
  }
  const sig = types.join(",");
  return sig === "http.ResponseWriter,*http.Request" || sig === "*gin.Context";
}

/** The parameter names of a function or literal, in order (`_` and unnamed ones as ""). */
export function parameterNames(fn: Node): string[] {
  const params = field(fn, F.parameters);
  if (!params) return [];
  const out: string[] = [];
  for (const p of kids(params)) {
    if (p.type !== T.parameterDeclaration && p.type !== T.variadicParameterDeclaration) continue;
    const names = p.childrenForFieldName(F.name).filter((n): n is Node => n !== null);
    if (names.length === 0) out.push("");
    for (const n of names) out.push(n.text === "_" ? "" : n.text);
  }
  return out;
}

function parameterCount(fn: Node): number {
  return parameterNames(fn).length;
}

/** What `go <call>` starts: a literal, a package function `f(...)`, or a method `x.m(...)`. */
export type GoTarget =
  | { kind: "literal"; literal: Node; args: Node[] }
  | { kind: "function" | "method"; name: string; args: Node[] }
  | { kind: "elsewhere"; args: Node[] }
  | null;

export function goTarget(goStatement: Node): GoTarget {
  const call = kids(goStatement)[0];
  if (!call || call.type !== T.callExpression) return null;
  const fnNode = field(call, F.function);
  const fn = fnNode ? unparen(fnNode) : null;
  const args = kids(field(call, F.arguments) ?? call).filter((a) => a !== fnNode);
  if (!fn) return null;
  if (fn.type === T.funcLiteral) return { kind: "literal", literal: fn, args };
  if (fn.type === T.identifier) return { kind: "function", name: fn.text, args };
  const method = fn.type === T.selectorExpression ? field(fn, F.field)?.text : undefined;
  // Only unexported methods surely belong to a type of this package (no types here to tell `srv.Serve` apart).
  if (method && /^[\p{Ll}_]/u.test(method)) return { kind: "method", name: method, args };
  return { kind: "elsewhere", args };
}

/**
 * Whether the local `name`, declared at offset `declaredAt` of `text` (the
 * enclosing function's source, from `from`), is used exactly once more, as
 * `go name(...)`: never reassigned, called, or passed on, so the literal it
 * is bound to is the body of that goroutine and nothing else.
 */
export function onlyStartedWithGo(text: string, from: number, name: string, declaredAt: number): boolean {
  const uses = [...text.matchAll(new RegExp(`(?<![\\p{L}\\p{N}_.])${name}(?![\\p{L}\\p{N}_])`, "gu"))];
  const [first, second] = uses;
  if (uses.length !== 2 || !first || !second || first.index + from !== declaredAt) return false;
  return /\bgo\s+$/.test(text.slice(Math.max(0, second.index - 16), second.index)) && /^\s*\(/.test(text.slice(second.index + name.length));
}
