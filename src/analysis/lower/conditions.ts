// Branch conditions: `&&`, `||` and `!` become chains of two-way branches;
// the leaves mapguard reasons about become nil, bool and len conditions, and
// any other leaf is lowered for its effects and kept as opaque text.
import type { Node } from "web-tree-sitter";
import { T } from "../go/grammar.js";
import type { Block, Cond } from "./ir.js";
import type { FunctionContext } from "./lowering-context.js";
import { chainPath, operatorAt, pathOf } from "./paths.js";
import { resolveName } from "./resolve-name.js";
import { splitSimple } from "./simple-values.js";
import { shorten } from "./source-text.js";
import { allKids, type Kid, namedKids, SIMPLE_CHAIN, unparenKid } from "./syntax.js";

const COMPARISONS = new Set(["==", "!=", "<", "<=", ">", ">="]);

/** Lowers condition `node` into the current block, ending it with branches to `then` and `otherwise`. */
export function lowerCondition(cx: FunctionContext, node: Node, then: Block, otherwise: Block): void {
  cx.nested(undefined, () => condition(cx, unparenKid({ node, type: node.type }), then, otherwise));
  // Past the nesting bound nothing branched: keep both successors.
  if (cx.b.open) cx.b.terminate({ kind: "branch", cond: { kind: "opaque", text: "…" }, then: then.id, else: otherwise.id, span: cx.spanOf(node) });
}

const CHAIN = "[A-Za-z_][A-Za-z0-9_]*(?:\\.[A-Za-z_][A-Za-z0-9_]*)*";
const NIL_RIGHT = new RegExp(`^(${CHAIN})\\s*(==|!=)\\s*nil$`);
const NIL_LEFT = new RegExp(`^nil\\s*(==|!=)\\s*(${CHAIN})$`);
const BOOL = new RegExp(`^(!?)\\s*(${CHAIN})$`);

/** A condition read from its text when it is simple and has no `&&` or `||`; false when it is not. */
function simpleCondition(cx: FunctionContext, k: Kid, then: Block, otherwise: Block): boolean {
  const text = cx.src.text;
  const pieces = splitSimple(text, k.node.startIndex, k.node.endIndex);
  if (!pieces || pieces.length !== 1) return false;
  const t = pieces[0].text;
  if (t.includes("&&") || t.includes("||")) return false;
  let cond: Cond;
  let m: RegExpExecArray | null;
  if ((m = NIL_RIGHT.exec(t))) cond = { kind: "nil", path: chainPath(cx, m[1].split(".")), negated: m[2] === "!=" };
  else if ((m = NIL_LEFT.exec(t))) cond = { kind: "nil", path: chainPath(cx, m[2].split(".")), negated: m[1] === "!=" };
  else if ((m = BOOL.exec(t)) && !(m[2].indexOf(".") === -1 && resolveName(cx, m[2]).kind === "const")) {
    cond = { kind: "bool", path: chainPath(cx, m[2].split(".")), negated: m[1] === "!" };
  } else cond = { kind: "opaque", text: shorten(t) };
  branch(cx, k.node, cond, then, otherwise);
  return true;
}

function condition(cx: FunctionContext, k: Kid, then: Block, otherwise: Block): void {
  if (simpleCondition(cx, k, then, otherwise)) return;
  if (k.type === T.unaryExpression && operatorAt(cx, k.node) === "!") {
    const operand = namedKids(k.node)[0];
    if (operand) return lowerCondition(cx, operand.node, otherwise, then);
  }
  if (k.type === T.binaryExpression) {
    const [left, opKid, right] = allKids(k.node);
    const op = opKid?.type;
    if (left && right && (op === "&&" || op === "||")) {
      const next = cx.b.newBlock(op === "&&" ? "cond.and" : "cond.or");
      if (op === "&&") lowerCondition(cx, left.node, next, otherwise);
      else lowerCondition(cx, left.node, then, next);
      cx.b.setBlock(next);
      return lowerCondition(cx, right.node, then, otherwise);
    }
    if (left && right && op && COMPARISONS.has(op)) {
      const cond = comparison(cx, k.node, unparenKid(left), op, unparenKid(right));
      if (cond) return branch(cx, k.node, cond, then, otherwise);
    }
  }
  if (k.type === T.identifier || k.type === T.selectorExpression) {
    const text = cx.textOf(k.node);
    if (SIMPLE_CHAIN.test(text) && !(k.type === T.identifier && resolveName(cx, text).kind === "const")) {
      return branch(cx, k.node, { kind: "bool", path: pathOf(cx, k), negated: false }, then, otherwise);
    }
  }
  cx.pkg.lower.value(cx, k);
  branch(cx, k.node, opaque(cx, k.node), then, otherwise);
}

/**
 * `x == nil`, `nil != x`, `len(x) op v`; null for other comparisons (nothing
 * lowered yet). Once a side is lowered the answer is a condition, opaque if
 * need be, so nothing is lowered twice.
 */
function comparison(cx: FunctionContext, node: Node, left: Kid, op: string, right: Kid): Cond | null {
  if (op === "==" || op === "!=") {
    const other = left.type === T.nil ? right : right.type === T.nil ? left : null;
    if (other && other.type !== T.nil) {
      const value = cx.pkg.lower.value(cx, other);
      if (value.kind === "path") return { kind: "nil", path: value.path, negated: op === "!=" };
      return opaque(cx, node);
    }
  }
  const lenOf = lenArgument(cx, left);
  if (lenOf) {
    const value = cx.pkg.lower.value(cx, lenOf);
    if (value.kind === "path") cx.b.emit({ op: "access", ...cx.at(left.node), kind: "len", path: value.path });
    cx.pkg.lower.value(cx, right);
    if (value.kind !== "path") return opaque(cx, node);
    return { kind: "len", path: value.path, op, value: shorten(cx.textOf(right.node), 20) };
  }
  return null;
}

function opaque(cx: FunctionContext, node: Node): Cond {
  return { kind: "opaque", text: shorten(cx.textOf(node)) };
}

/** The argument of `len(x)` when `k` is such a call of the builtin. */
function lenArgument(cx: FunctionContext, k: Kid): Kid | null {
  if (k.type !== T.callExpression || !cx.textOf(k.node).startsWith("len(")) return null;
  if (resolveName(cx, "len").kind !== "builtin") return null;
  const args = namedKids(k.node).find((c) => c.type === T.argumentList);
  const kids = args ? namedKids(args.node) : [];
  return kids.length === 1 ? kids[0] : null;
}

function branch(cx: FunctionContext, node: Node, cond: Cond, then: Block, otherwise: Block): void {
  cx.b.terminate({ kind: "branch", cond, then: then.id, else: otherwise.id, span: cx.spanOf(node) });
}
