// switch and select. An expression switch with a tag is one opaque multiway
// branch; without a tag its cases are a chain of conditions, tried in order
// with default last. A type switch binds its variable anew in every case. A
// select's case blocks begin with their send or receive.
import type { Node } from "web-tree-sitter";
import { T } from "../go/grammar.js";
import { typeRef } from "../go/type-syntax.js";
import { lowerCondition } from "./conditions.js";
import type { Block, Value } from "./ir.js";
import type { FunctionContext } from "./lowering-context.js";
import { lowerReceiveStatement, simpleStatement } from "./simple-statement.js";
import { allKids, type Kid, listItems, namedKids } from "./syntax.js";
import { varPath } from "./shared-values.js";

const CASES: ReadonlySet<string> = new Set([T.expressionCase, T.typeCase, T.defaultCase, T.communicationCase]);

interface Header {
  /** Named parts before the cases, each with the token that follows it (`;`, `:=`, `.`, `{`). */
  parts: { kid: Kid; before: string }[];
  cases: Kid[];
}

function header(node: Node): Header {
  const parts: Header["parts"] = [];
  const cases: Kid[] = [];
  let pending: Kid | null = null;
  for (const k of allKids(node)) {
    if (CASES.has(k.type)) cases.push(k);
    else if (k.type === ";" || k.type === ":=" || k.type === "." || k.type === "{") {
      if (pending) parts.push({ kid: pending, before: k.type });
      pending = null;
    } else if (k.type !== "switch" && k.type !== "select" && k.type !== "(" && k.type !== ")" && k.type !== "type" && k.type !== "}") pending = k;
  }
  return { parts, cases };
}

/** A switch's cases, their body blocks and the statements of each; lowers the bodies with fallthrough and break. */
function lowerBodies(cx: FunctionContext, cases: Kid[], blocks: Block[], done: Block, label: string | null, begin: (i: number) => void): void {
  cx.targets.push({ label, breakTo: done, continueTo: null });
  const savedFallthrough = cx.fallthroughTo;
  cases.forEach((c, i) => {
    cx.b.setBlock(blocks[i]);
    cx.fallthroughTo = blocks[i + 1] ?? null;
    cx.inScope(() => {
      begin(i);
      for (const k of namedKids(c.node)) if (k.type === T.statementList) cx.pkg.lower.statement(cx, k.node);
    });
    if (cx.b.open) cx.b.jump(done);
  });
  cx.fallthroughTo = savedFallthrough;
  cx.targets.pop();
  cx.b.setBlock(done);
}

export function lowerSwitch(cx: FunctionContext, node: Node): void {
  const { parts, cases } = header(node);
  const label = takeLabel(cx);
  cx.inScope(() => {
    const init = parts.find((p) => p.before === ";")?.kid;
    const tag = parts.find((p) => p.before === "{")?.kid;
    if (init) {
      cx.stmt = cx.spanOf(init.node);
      simpleStatement(cx, init);
    }
    cx.stmt = cx.src.span(node.startIndex, (tag ?? init)?.node.endIndex ?? node.startIndex + 6);
    const blocks = cases.map((c) => cx.b.newBlock(c.type === T.defaultCase ? "switch.default" : "switch.case"));
    const done = cx.b.newBlock("switch.done");
    const defaultAt = cases.findIndex((c) => c.type === T.defaultCase);
    const fallback = defaultAt >= 0 ? blocks[defaultAt] : done;
    if (tag) {
      cx.pkg.lower.value(cx, tag);
      for (const c of cases) for (const e of caseValues(c)) cx.pkg.lower.value(cx, e);
      const to = blocks.map((b) => b.id);
      if (defaultAt < 0) to.push(done.id);
      cx.b.terminate({ kind: "switch", to, span: cx.stmt });
    } else {
      cases.forEach((c, i) => {
        if (i === defaultAt) return;
        const values = caseValues(c);
        values.forEach((e, j) => {
          const lastOfAll = j === values.length - 1 && !cases.some((d, n) => n > i && n !== defaultAt);
          const next = lastOfAll ? fallback : cx.b.newBlock("switch.next");
          cx.stmt = cx.spanOf(e.node);
          lowerCondition(cx, e.node, blocks[i], next);
          if (!lastOfAll) cx.b.setBlock(next);
        });
      });
      if (cx.b.open) cx.b.jump(fallback);
    }
    lowerBodies(cx, cases, blocks, done, label, () => {});
  });
}

function caseValues(c: Kid): Kid[] {
  if (c.type !== T.expressionCase) return [];
  return listItems(namedKids(c.node).find((k) => k.type === T.expressionList));
}

export function lowerTypeSwitch(cx: FunctionContext, node: Node): void {
  const { parts, cases } = header(node);
  const label = takeLabel(cx);
  cx.inScope(() => {
    const init = parts.find((p) => p.before === ";")?.kid;
    const alias = parts.find((p) => p.before === ":=")?.kid;
    const subject = parts.find((p) => p.before === ".")?.kid;
    if (init) {
      cx.stmt = cx.spanOf(init.node);
      simpleStatement(cx, init);
    }
    cx.stmt = cx.src.span(node.startIndex, subject?.node.endIndex ?? node.startIndex + 6);
    const value: Value = subject ? cx.pkg.lower.value(cx, subject) : { kind: "unknown" };
    const blocks = cases.map((c) => cx.b.newBlock(c.type === T.defaultCase ? "typeswitch.default" : "typeswitch.case"));
    const done = cx.b.newBlock("typeswitch.done");
    const to = blocks.map((b) => b.id);
    if (!cases.some((c) => c.type === T.defaultCase)) to.push(done.id);
    cx.b.terminate({ kind: "switch", to, span: cx.stmt });
    const name = alias ? listItems(alias)[0] : undefined;
    lowerBodies(cx, cases, blocks, done, label, (i) => {
      if (!name) return;
      const types = namedKids(cases[i].node).filter((k) => k.type !== T.statementList);
      const type = types.length === 1 ? typeRef(types[0].node, cx.imports) : null;
      const text = cx.textOf(name.node);
      if (text === "_") return;
      const id = cx.b.addVar(text, "local", type, cx.spanOf(name.node), name.node.startIndex);
      cx.scope.declareVar(text, id);
      cx.b.emit({ op: "assign", ...cx.at(cases[i].node), targets: [varPath(id)], value: { kind: "assert", value, type }, define: true });
    });
  });
}

export function lowerSelect(cx: FunctionContext, node: Node): void {
  const { cases } = header(node);
  const label = takeLabel(cx);
  cx.stmt = cx.src.span(node.startIndex, node.startIndex + 6);
  const blocks = cases.map((c) => cx.b.newBlock(c.type === T.defaultCase ? "select.default" : "select.case"));
  const done = cx.b.newBlock("select.done");
  // No default: the select waits for a case; `select {}` waits forever.
  cx.b.terminate({ kind: "switch", to: blocks.map((b) => b.id), span: cx.stmt });
  lowerBodies(cx, cases, blocks, done, label, (i) => {
    const comm = namedKids(cases[i].node).find((k) => k.type === T.sendStatement || k.type === T.receiveStatement);
    if (!comm) return;
    cx.stmt = cx.spanOf(comm.node);
    if (comm.type === T.sendStatement) simpleStatement(cx, comm);
    else lowerReceiveStatement(cx, comm.node);
  });
}

function takeLabel(cx: FunctionContext): string | null {
  const label = cx.pendingLabel;
  cx.pendingLabel = null;
  return label;
}
