// Statements: each sets the statement span its instructions carry, then
// lowers into the current block. Simple statements are in
// simple-statement.ts; if and for in control-flow.ts; switch and select in
// switches.ts; labels and jumps in jumps.ts.
import type { Node } from "web-tree-sitter";
import { T } from "../go/grammar.js";
import { lowerFor, lowerIf } from "./control-flow.js";
import { lowerBranch, lowerLabeled } from "./jumps.js";
import type { FunctionContext } from "./lowering-context.js";
import { simpleStatement } from "./simple-statement.js";
import { lowerSelect, lowerSwitch, lowerTypeSwitch } from "./switches.js";
import { type Kid, namedKids } from "./syntax.js";

export function lowerStatement(cx: FunctionContext, node: Node): void {
  cx.nested(undefined, () => statement(cx, { node, type: node.type }));
}

/** Statements in order, in the current scope. */
export function lowerStatements(cx: FunctionContext, kids: Kid[]): void {
  for (const k of kids) {
    if (k.type === T.statementList) lowerStatements(cx, namedKids(k.node));
    else cx.nested(undefined, () => statement(cx, k));
  }
}

export function lowerBlock(cx: FunctionContext, block: Node): void {
  cx.inScope(() => lowerStatements(cx, namedKids(block)));
}

const LABEL_TAKERS: ReadonlySet<string> = new Set([T.forStatement, T.expressionSwitchStatement, T.typeSwitchStatement, T.selectStatement]);

function statement(cx: FunctionContext, k: Kid): void {
  const { node, type } = k;
  // Only a loop, switch or select right after a label takes it.
  if (cx.pendingLabel !== null && !LABEL_TAKERS.has(type)) cx.pendingLabel = null;
  switch (type) {
    case T.block:
      return lowerBlock(cx, node);
    case T.statementList:
      return lowerStatements(cx, namedKids(node));
    case T.ifStatement:
      return lowerIf(cx, node);
    case T.forStatement:
      return lowerFor(cx, node);
    case T.expressionSwitchStatement:
      return lowerSwitch(cx, node);
    case T.typeSwitchStatement:
      return lowerTypeSwitch(cx, node);
    case T.selectStatement:
      return lowerSelect(cx, node);
    case T.labeledStatement:
      return lowerLabeled(cx, node);
    case "break_statement":
    case "continue_statement":
    case T.gotoStatement:
    case "fallthrough_statement":
      cx.stmt = cx.spanOf(node);
      return lowerBranch(cx, node, type.slice(0, type.indexOf("_")));
    case "empty_statement":
    case T.typeDeclaration:
      if (type === T.typeDeclaration) declareTypes(cx, node);
      return;
    case T.constDeclaration:
      for (const spec of namedKids(node)) for (const n of namedKids(spec.node)) if (n.type === T.identifier) cx.scope.declareConst(cx.textOf(n.node));
      return;
    default:
      cx.stmt = cx.spanOf(node);
      return simpleStatement(cx, k);
  }
}

function declareTypes(cx: FunctionContext, node: Node): void {
  for (const spec of namedKids(node)) {
    const name = namedKids(spec.node)[0];
    if (name) cx.scope.declareType(cx.textOf(name.node));
  }
}
