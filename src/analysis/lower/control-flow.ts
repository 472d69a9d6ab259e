// if and for statements into blocks. A loop pushes its break and continue
// targets; a range loop has a head block that switches to its body (one more
// element) or past the loop.
import type { Node } from "web-tree-sitter";
import { T } from "../go/grammar.js";
import { targetsOf } from "./assignments.js";
import { lowerCondition } from "./conditions.js";
import type { Block, Path, Value } from "./ir.js";
import type { FunctionContext } from "./lowering-context.js";
import { simpleStatement } from "./simple-statement.js";
import { allKids, type Kid, listItems, namedKids } from "./syntax.js";

export function lowerIf(cx: FunctionContext, node: Node): void {
  const kids = namedKids(node);
  const at = kids.findIndex((k) => k.type === T.block);
  if (at < 1) return lowerUnknown(cx, kids);
  const cond = kids[at - 1];
  const init = at >= 2 ? kids[at - 2] : undefined;
  const consequence = kids[at];
  const alternative = kids[at + 1];
  cx.inScope(() => {
    if (init) {
      cx.stmt = cx.spanOf(init.node);
      simpleStatement(cx, init);
    }
    cx.stmt = cx.src.span(node.startIndex, cond.node.endIndex);
    const then = cx.b.newBlock("if.then");
    const otherwise = alternative ? cx.b.newBlock("if.else") : null;
    const done = cx.b.newBlock("if.done");
    lowerCondition(cx, cond.node, then, otherwise ?? done);
    cx.b.setBlock(then);
    cx.pkg.lower.statement(cx, consequence.node);
    if (cx.b.open) cx.b.jump(done);
    if (otherwise && alternative) {
      cx.b.setBlock(otherwise);
      cx.pkg.lower.statement(cx, alternative.node);
      if (cx.b.open) cx.b.jump(done);
    }
    cx.b.setBlock(done);
  });
}

export function lowerFor(cx: FunctionContext, node: Node): void {
  const kids = namedKids(node);
  const body = kids.find((k) => k.type === T.block);
  const clause = kids[0] && kids[0] !== body ? kids[0] : undefined;
  const label = cx.pendingLabel;
  cx.pendingLabel = null;
  cx.inScope(() => {
    if (clause?.type === T.rangeClause) return lowerRange(cx, node, clause, body, label);
    let init: Kid | undefined;
    let cond: Kid | undefined;
    let update: Kid | undefined;
    if (clause?.type === T.forClause) [init, cond, update] = forClauseParts(clause);
    else cond = clause;
    if (init) {
      cx.stmt = cx.spanOf(init.node);
      simpleStatement(cx, init);
    }
    const loop = cx.b.newBlock("for.body");
    const head = cond ? cx.b.newBlock("for.cond") : loop;
    const post = update ? cx.b.newBlock("for.post") : null;
    const done = cx.b.newBlock("for.done");
    cx.b.continueAt(head);
    if (cond) {
      cx.stmt = cx.spanOf(cond.node);
      lowerCondition(cx, cond.node, loop, done);
    }
    cx.b.setBlock(loop);
    loopBody(cx, body, { label, breakTo: done, continueTo: post ?? head });
    if (cx.b.open) cx.b.jump(post ?? head);
    if (post && update) {
      cx.b.setBlock(post);
      cx.stmt = cx.spanOf(update.node);
      simpleStatement(cx, update);
      cx.b.jump(head);
    }
    cx.b.setBlock(done);
  });
}

/** The initialiser, condition and update of a three-clause loop (each optional, told apart by the semicolons). */
function forClauseParts(clause: Kid): [Kid | undefined, Kid | undefined, Kid | undefined] {
  const parts: (Kid | undefined)[] = [undefined, undefined, undefined];
  let slot = 0;
  for (const k of allKids(clause.node)) {
    if (k.type === ";") slot++;
    else if (slot < 3) parts[slot] = k;
  }
  return [parts[0], parts[1], parts[2]];
}

function lowerRange(cx: FunctionContext, node: Node, clause: Kid, body: Kid | undefined, label: string | null): void {
  const kids = allKids(clause.node);
  const left = kids.find((k) => k.type === T.expressionList);
  const define = kids.some((k) => k.type === ":=");
  const right = kids[kids.length - 1];
  cx.stmt = cx.src.span(node.startIndex, clause.node.endIndex);
  let subject: Path | null = null;
  if (right && right.type !== "range") {
    const value = cx.pkg.lower.value(cx, right);
    subject = subjectPath(cx, clause.node, value);
    if (subject) cx.b.emit({ op: "access", ...cx.at(right.node), kind: "range", path: subject });
  }
  const head = cx.b.newBlock("range.head");
  const loop = cx.b.newBlock("range.body");
  const done = cx.b.newBlock("range.done");
  cx.b.continueAt(head);
  cx.b.terminate({ kind: "switch", to: [loop.id, done.id], span: cx.spanOf(clause.node) });
  cx.b.setBlock(loop);
  const lefts = listItems(left);
  if (lefts.length) {
    const targets = targetsOf(cx, clause.node, lefts, define ? "define" : "assign", "=", null).targets();
    targets.forEach((target, i) => {
      if (!target) return;
      const value: Value = subject ? { kind: i === 0 ? "range-key" : "range-value", of: subject } : { kind: "const" };
      cx.b.emit({ op: "assign", ...cx.at(lefts[i].node), targets: [target], value, define });
    });
  }
  loopBody(cx, body, { label, breakTo: done, continueTo: head });
  if (cx.b.open) cx.b.jump(head);
  cx.b.setBlock(done);
}

/** What a range loop ranges over, as a path: a temp for a literal or conversion; none for `range 10`. */
function subjectPath(cx: FunctionContext, node: Node, value: Value): Path | null {
  if (value.kind === "path") return value.path;
  if (value.kind === "const") return null;
  const temp = cx.b.temp();
  cx.b.emit({ op: "assign", ...cx.at(node), targets: [temp], value, define: true });
  return temp;
}

function loopBody(cx: FunctionContext, body: Kid | undefined, targets: { label: string | null; breakTo: Block; continueTo: Block }): void {
  cx.targets.push(targets);
  if (body) cx.pkg.lower.statement(cx, body.node);
  cx.targets.pop();
}

function lowerUnknown(cx: FunctionContext, kids: Kid[]): void {
  for (const k of kids) if (k.type === T.block) cx.pkg.lower.statement(cx, k.node);
}
