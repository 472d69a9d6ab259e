// Assignments in all their forms: `=`, `op=`, `:=`, `var`, and the tuple
// forms whose right-hand side is one call, index, assertion or receive
// (`x, err := f()`, `v, ok := m[k]`, `v, ok := x.(T)`, `v, ok := <-ch`).
// A target `m[k]` is a write access on m; its key and any index inside it
// are lowered for their own effects.
import type { Node } from "web-tree-sitter";
import { T } from "../go/grammar.js";
import type { AssignTargets } from "./calls.js";
import { lowerCall } from "./calls.js";
import type { Instr, Path, Selector, TypeRef, Value } from "./ir.js";
import type { FunctionContext } from "./lowering-context.js";
import { chainPath, operatorAt, pathOf, withSelector } from "./paths.js";
import { simpleValue, splitSimple } from "./simple-values.js";
import { type Kid, namedKids, SIMPLE_CHAIN, unparenKid } from "./syntax.js";
import { INDEX, none, varPath } from "./shared-values.js";

/** How targets are bound: assigned, declared locally (`:=`, `var`), or package-level (`<vars>`). */
export type Binder = "assign" | "define" | "package";

export interface Declared {
  /** The declared type of `var x T`, for every name. */
  type: TypeRef | null;
}

/** Lowers `lefts op rights` (op `=`, `:=`, `+=`...). */
export function lowerAssignment(cx: FunctionContext, node: Node, lefts: Kid[], rights: Kid[], binder: Binder, op: string, declared: Declared | null = null): void {
  const targets = targetsOf(cx, node, lefts, binder, op, declared);
  if (rights.length === 1 && lefts.length > 1) return tuple(cx, node, unparenKid(rights[0]), targets);
  if (rights.length === 1 && lefts.length === 1) {
    const right = unparenKid(rights[0]);
    if (right.type === T.callExpression && op === "=") {
      const value = lowerCall(cx, right.node, targets);
      if (value) assign(cx, node, targets, value);
      return;
    }
    if (right.type === T.unaryExpression && op === "=" && operatorAt(cx, right.node) === "<-") return receive(cx, node, right, targets);
  }
  const values = rights.map((r) => cx.pkg.lower.value(cx, r));
  if (op !== "=") {
    // `x += n` changes a number or a string; only an index target matters (a write to the map).
    targets.targets();
    targets.after();
    return;
  }
  const paths = targets.targets();
  const each = lefts.length === values.length;
  for (let i = 0; i < paths.length; i++) {
    if (!paths[i]) continue;
    const value = each ? values[i] : { kind: "unknown" as const };
    cx.b.emit({ op: "assign", ...cx.at(node), targets: [paths[i]], value, define: binder !== "assign" });
  }
  targets.after();
}

/** `var x T`: the zero value of T for every name. */
export function lowerZeroDecl(cx: FunctionContext, node: Node, names: Kid[], type: TypeRef, binder: Binder): void {
  const targets = targetsOf(cx, node, names, binder, "=", { type });
  const paths = targets.targets();
  for (const p of paths) cx.b.emit({ op: "assign", ...cx.at(node), targets: [p], value: { kind: "zero", type }, define: true });
}

/** One right-hand side feeding several targets. */
function tuple(cx: FunctionContext, node: Node, right: Kid, targets: AssignTargets): void {
  if (right.type === T.callExpression) {
    const value = lowerCall(cx, right.node, targets);
    if (value) assign(cx, node, targets, value);
    return;
  }
  if (right.type === T.unaryExpression && operatorAt(cx, right.node) === "<-") return receive(cx, node, right, targets);
  // `m[k]` reads m; `x.(T)` asserts: both give a value and an ok flag.
  assign(cx, node, targets, cx.pkg.lower.value(cx, right));
}

function receive(cx: FunctionContext, node: Node, right: Kid, targets: AssignTargets): void {
  const operand = namedKids(right.node)[0];
  if (!operand) return;
  const channel = pathOf(cx, operand);
  cx.b.emit({ op: "recv", ...cx.at(right.node), channel, targets: targets.targets() });
  targets.after();
}

function assign(cx: FunctionContext, node: Node, targets: AssignTargets, value: Value): void {
  cx.b.emit({ op: "assign", ...cx.at(node), targets: targets.targets(), value, define: targets.define });
  targets.after();
}

/** Targets resolved lazily (see AssignTargets); index targets add their write access after the assignment. */
export function targetsOf(cx: FunctionContext, node: Node, lefts: Kid[], binder: Binder, op: string, declared: Declared | null): AssignTargets {
  const writes: Instr[] = [];
  let resolved: (Path | null)[] | null = null;
  return {
    define: binder !== "assign",
    targets: () => (resolved ??= lefts.map((l) => target(cx, unparenKid(l), binder, op, declared, writes))),
    after: () => {
      for (const w of writes) cx.b.emit(w);
      writes.length = 0;
    },
  };
}

function target(cx: FunctionContext, k: Kid, binder: Binder, op: string, declared: Declared | null, writes: Instr[]): Path | null {
  if (k.type === T.identifier || k.type === T.blankIdentifier) {
    const name = cx.textOf(k.node);
    if (name === "_") return null;
    if (binder === "package") return { root: { kind: "package", name }, selectors: none<Selector>() };
    if (binder === "define" && !cx.scope.declaresHere(name)) {
      const id = cx.b.addVar(name, "local", declared?.type ?? null, cx.spanOf(k.node), k.node.startIndex);
      cx.scope.declareVar(name, id);
      return varPath(id);
    }
    return pathOf(cx, k);
  }
  if (k.type === T.indexExpression) {
    const [operand, key] = namedKids(k.node);
    if (!operand) return null;
    const of = pathOf(cx, operand);
    if (key) cx.pkg.lower.value(cx, key);
    writes.push({ op: "access", ...cx.at(k.node), kind: "write", path: of, operator: op });
    return withSelector(cx, of, INDEX);
  }
  if (k.type === T.typeInstantiationExpression) {
    // `m[a.b][c.d] = v`: the grammar reads a generic type; it is a nested index write.
    const base = namedKids(namedKids(k.node)[0]?.node ?? k.node)[0];
    if (!base) return null;
    const outer = pathOf(cx, { node: base.node, type: T.identifier });
    cx.b.emit({ op: "access", ...cx.at(k.node), kind: "read", path: outer });
    const of = withSelector(cx, outer, INDEX);
    writes.push({ op: "access", ...cx.at(k.node), kind: "write", path: of, operator: op });
    return withSelector(cx, of, INDEX);
  }
  return pathOf(cx, k);
}

/** `x++` / `x--`: a write when x is an index expression (a counting store); nothing otherwise. */
export function lowerIncDec(cx: FunctionContext, node: Node, operand: Kid | undefined, op: string): void {
  if (!operand) return;
  const k = unparenKid(operand);
  if (k.type !== T.indexExpression && k.type !== T.typeInstantiationExpression) {
    cx.pkg.lower.value(cx, k);
    return;
  }
  const targets = targetsOf(cx, node, [k], "assign", op, null);
  targets.targets();
  targets.after();
}

/**
 * `a, b = x, y` with both sides simple (see simple-values.ts): lowered from
 * the source text without visiting the nodes. False when it is not simple
 * (nothing lowered then).
 */
export function simpleAssignment(cx: FunctionContext, node: Node, left: Kid, right: Kid, binder: Binder, op: string): boolean {
  const text = cx.src.text;
  const lefts = splitSimple(text, left.node.startIndex, left.node.endIndex);
  if (!lefts || !lefts.every((p) => SIMPLE_CHAIN.test(p.text))) return false;
  const rights = splitSimple(text, right.node.startIndex, right.node.endIndex);
  if (!rights || rights.length !== lefts.length) return false;
  // `x += n` changes a number or a string: nothing to record.
  if (op !== "=") return true;
  const values = rights.map((p) => simpleValue(cx, p.text));
  lefts.forEach((p, i) => {
    let target: Path | null;
    if (p.text === "_") return;
    if (binder === "define" && !cx.scope.declaresHere(p.text)) {
      const id = cx.b.addVar(p.text, "local", null, cx.src.span(p.start, p.end), p.start);
      cx.scope.declareVar(p.text, id);
      target = varPath(id);
    } else target = chainPath(cx, p.text.split("."));
    cx.b.emit({ op: "assign", ...cx.at(node), targets: [target], value: values[i], define: binder !== "assign" });
  });
  return true;
}
