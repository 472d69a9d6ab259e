// Simple statements (also the initialisers and updates of if, for and
// switch), var declarations and return: each lowers into the current block.
import type { Node } from "web-tree-sitter";
import { T } from "../go/grammar.js";
import { typeRef } from "../go/type-syntax.js";
import { lowerAssignment, lowerIncDec, lowerZeroDecl, simpleAssignment } from "./assignments.js";
import { deferredCall, lowerCall } from "./calls.js";
import type { Value } from "./ir.js";
import type { FunctionContext } from "./lowering-context.js";
import { operatorAt, pathOf } from "./paths.js";
import { simpleValue, splitSimple } from "./simple-values.js";
import { allKids, type Kid, listItems, namedKids, unparenKid } from "./syntax.js";
import { varPath } from "./shared-values.js";

/** Simple statements (also the initialisers and updates of if, for and switch). */
export function simpleStatement(cx: FunctionContext, k: Kid): void {
  const { node, type } = k;
  switch (type) {
    case T.expressionStatement: {
      const expr = namedKids(node)[0];
      if (!expr) return;
      const inner = unparenKid(expr);
      if (inner.type === T.callExpression) lowerCall(cx, inner.node, "stmt");
      else if (!receiveDropped(cx, inner)) cx.pkg.lower.value(cx, inner);
      return;
    }
    case T.shortVarDeclaration:
    case T.assignmentStatement: {
      const kids = allKids(node);
      const [left, right] = kids.filter((c) => c.type === T.expressionList);
      const op = type === T.shortVarDeclaration ? "=" : (kids[1]?.type ?? "=");
      if (left && right && simpleAssignment(cx, node, left, right, type === T.shortVarDeclaration ? "define" : "assign", op)) return;
      lowerAssignment(cx, node, listItems(left), listItems(right), type === T.shortVarDeclaration ? "define" : "assign", op);
      return;
    }
    case T.incStatement:
    case T.decStatement:
      return lowerIncDec(cx, node, namedKids(node)[0], type === T.incStatement ? "++" : "--");
    case T.varDeclaration:
      return lowerVarDeclaration(cx, node, "define");
    case T.returnStatement:
      return lowerReturn(cx, node);
    case T.goStatement:
    case T.deferStatement: {
      const expr = namedKids(node)[0];
      const call = expr && unparenKid(expr).type === T.callExpression ? deferredCall(cx, unparenKid(expr).node) : null;
      if (!call) return;
      if (type === T.goStatement) cx.b.emit({ op: "go", ...cx.at(node), call, spawn: "go" });
      else cx.b.emit({ op: "defer", ...cx.at(node), call });
      return;
    }
    case T.sendStatement: {
      const [channel, value] = namedKids(node);
      if (!channel) return;
      const ch = pathOf(cx, channel);
      const v: Value = value ? cx.pkg.lower.value(cx, value) : { kind: "unknown" };
      cx.b.emit({ op: "send", ...cx.at(node), channel: ch, value: v });
      return;
    }
    case T.receiveStatement:
      return lowerReceiveStatement(cx, node);
    case T.error:
      // Lower what can be recognised inside a syntax error.
      for (const child of namedKids(node)) if (child.type.endsWith("_statement") || child.type === T.block) cx.pkg.lower.statement(cx, child.node);
      return;
    default:
      if (type.endsWith("_statement") || type.endsWith("_declaration")) return;
      cx.pkg.lower.value(cx, k);
  }
}

/** `v, ok := <-ch` in a select case, or a bare `<-ch` there. */
export function lowerReceiveStatement(cx: FunctionContext, node: Node): void {
  const kids = allKids(node);
  const left = kids.find((c) => c.type === T.expressionList);
  const right = kids[kids.length - 1];
  if (!right) return;
  if (!left) {
    if (!receiveDropped(cx, unparenKid(right))) cx.pkg.lower.value(cx, right);
    return;
  }
  const define = kids.some((c) => c.type === ":=");
  lowerAssignment(cx, node, listItems(left), [right], define ? "define" : "assign", "=");
}

/** `var` in a body (`define`) or at package level (`package`, into `<vars>`). */
export function lowerVarDeclaration(cx: FunctionContext, node: Node, binder: "define" | "package"): void {
  for (const spec of varSpecs(node)) {
    cx.stmt = cx.spanOf(spec.node);
    const kids = namedKids(spec.node);
    const names = kids.filter((c) => c.type === T.identifier);
    const typeKid = kids.find((c) => c.type !== T.identifier && c.type !== T.expressionList);
    const values = kids.find((c) => c.type === T.expressionList);
    const type = typeKid ? typeRef(typeKid.node, cx.imports) : null;
    if (values) lowerAssignment(cx, spec.node, names, listItems(values), binder, "=", { type });
    else if (type) lowerZeroDecl(cx, spec.node, names, type, binder);
  }
}

function varSpecs(node: Node): Kid[] {
  const out: Kid[] = [];
  for (const k of namedKids(node)) {
    if (k.type === T.varSpec) out.push(k);
    else if (k.type === T.varSpecList) for (const s of namedKids(k.node)) if (s.type === T.varSpec) out.push(s);
  }
  return out;
}

function lowerReturn(cx: FunctionContext, node: Node): void {
  const text = cx.src.text;
  const end = node.endIndex;
  let values: Value[];
  if (text.slice(node.startIndex + 6, end).trim() === "") {
    values = cx.namedResults.map((v) => ({ kind: "path" as const, path: varPath(v) }));
  } else {
    const pieces = splitSimple(text, node.startIndex + 6, end);
    if (pieces) values = pieces.map((p) => simpleValue(cx, p.text));
    else values = listItems(namedKids(node)[0]).map((v) => cx.pkg.lower.value(cx, v));
  }
  cx.b.emit({ op: "return", ...cx.at(node), values });
  cx.b.terminate({ kind: "return" });
}


/** `<-ch` whose value is dropped: a receive with no targets. False when `k` is no receive. */
function receiveDropped(cx: FunctionContext, k: Kid): boolean {
  if (k.type !== T.unaryExpression || operatorAt(cx, k.node) !== "<-") return false;
  const operand = namedKids(k.node)[0];
  if (operand) cx.b.emit({ op: "recv", ...cx.at(k.node), channel: pathOf(cx, operand), targets: [] });
  return true;
}
