// Expressions as Values: where a value comes from. Lowering an expression
// also emits the instructions its evaluation performs (index reads, calls,
// receives, closures). An expression whose source holds no call, index,
// literal or receive is read from its text alone, without visiting its nodes.
import type { Node } from "web-tree-sitter";
import { T } from "../go/grammar.js";
import { typeRef } from "../go/type-syntax.js";
import { lowerCall } from "./calls.js";
import type { Value } from "./ir.js";
import { lowerLiteral } from "./literals.js";
import type { FunctionContext } from "./lowering-context.js";
import { chainPath, operatorAt, pathOf, withSelector } from "./paths.js";
import { chainValue } from "./simple-values.js";
import { resolveName } from "./resolve-name.js";
import { effectFree, type Kid, namedKids, SIMPLE_CHAIN, unparenKid } from "./syntax.js";
import { INDEX, varPath } from "./shared-values.js";

const CONST: Value = { kind: "const" };
const UNKNOWN: Value = { kind: "unknown" };
const NIL: Value = { kind: "nil" };

const CONSTANT_TYPES: ReadonlySet<string> = new Set([
  "int_literal", "float_literal", "imaginary_literal", "rune_literal",
  "interpreted_string_literal", "raw_string_literal", "true", "false", "iota",
]);

export function lowerValue(cx: FunctionContext, kid: Kid): Value {
  return cx.nested(UNKNOWN, () => valueOf(cx, kid));
}

function valueOf(cx: FunctionContext, k: Kid): Value {
  const { node, type } = k;
  switch (type) {
    case T.identifier:
      return chainValue(cx, cx.textOf(node));
    case T.nil:
      return NIL;
    case T.selectorExpression:
      return selectorValue(cx, k);
    case T.indexExpression:
      return indexValue(cx, k);
    case T.parenthesizedExpression: {
      const inner = unparenKid(k);
      return inner.type === T.parenthesizedExpression ? UNKNOWN : valueOf(cx, inner);
    }
    case T.unaryExpression:
      return unaryValue(cx, k);
    case T.binaryExpression:
      if (!effectFree(cx.textOf(node))) for (const side of namedKids(node)) lowerValue(cx, side);
      return CONST;

    case T.callExpression:
      return lowerCall(cx, node, "value") ?? UNKNOWN;
    case T.compositeLiteral:
      return lowerLiteral(cx, node, false, null);
    case T.funcLiteral:
      return { kind: "closure", fn: cx.pkg.lower.closure(cx, node) };
    case T.typeConversionExpression:
      return conversionValue(cx, k);
    case "type_assertion_expression": {
      const [operand, typeNode] = namedKids(node);
      const value = operand ? lowerValue(cx, operand) : UNKNOWN;
      return { kind: "assert", value, type: typeNode ? typeRef(typeNode.node, cx.imports) : null };
    }
    case "slice_expression": {
      // `xs[i:j]` shares the elements of xs: it stands for xs.
      const [operand, ...bounds] = namedKids(node);
      const value = operand ? lowerValue(cx, operand) : UNKNOWN;
      for (const b of bounds) lowerValue(cx, b);
      return value.kind === "path" ? value : UNKNOWN;
    }
    case T.typeInstantiationExpression:
      return instantiationValue(cx, k);
    default:
      if (CONSTANT_TYPES.has(type)) return CONST;
      // ERROR and anything unexpected: lower what is inside for its effects.
      for (const child of namedKids(node)) if (!child.type.endsWith("_type")) lowerValue(cx, child);
      return UNKNOWN;
  }
}

function selectorValue(cx: FunctionContext, k: Kid): Value {
  const text = cx.textOf(k.node);
  if (SIMPLE_CHAIN.test(text)) return chainValue(cx, text);
  const [operand, field] = namedKids(k.node);
  if (operand && field) {
    const inner = unparenKid(operand);
    if (inner.type === T.unaryExpression && operatorAt(cx, inner.node) === "*") {
      const target = namedKids(inner.node)[0];
      if (target?.type === T.identifier && resolveName(cx, cx.textOf(target.node)).kind === "type") {
        return methodExpr(cx.textOf(target.node), cx.textOf(field.node), true);
      }
    }
  }
  return { kind: "path", path: pathOf(cx, k) };
}

function methodExpr(typeName: string, name: string, pointer: boolean): Value {
  const named = { kind: "named" as const, text: typeName, pkg: null, name: typeName, args: [] };
  const type = pointer ? { kind: "pointer" as const, text: `*${typeName}`, elem: named } : named;
  return { kind: "func", callee: { kind: "method-expr", type, name } };
}

/** `m[k]` as a value: a read of m, and its element. `f[int]` names an instantiated generic function. */
function indexValue(cx: FunctionContext, k: Kid): Value {
  const [operand, key] = namedKids(k.node);
  if (!operand) return UNKNOWN;
  if (operand.type === T.identifier && key) {
    const name = cx.textOf(operand.node);
    if (resolveName(cx, name).kind === "func") {
      return { kind: "func", callee: { kind: "func", name, typeArgs: [typeRef(key.node, cx.imports)] } };
    }
  }
  const of = pathOf(cx, operand);
  cx.b.emit({ op: "access", ...cx.at(k.node), kind: "read", path: of });
  if (key) lowerValue(cx, key);
  return { kind: "element", of };
}

function unaryValue(cx: FunctionContext, k: Kid): Value {
  const op = operatorAt(cx, k.node);
  if (op === "*") return { kind: "path", path: pathOf(cx, k) };
  if (op === "&") {
    const operand = namedKids(k.node)[0];
    if (!operand) return UNKNOWN;
    const inner = unparenKid(operand);
    if (inner.type === T.compositeLiteral) return lowerLiteral(cx, inner.node, true, null);
    return { kind: "addr", path: pathOf(cx, inner) };
  }
  if (op === "<-") {
    const operand = namedKids(k.node)[0];
    if (!operand) return UNKNOWN;
    const channel = pathOf(cx, operand);
    const temp = cx.b.temp();
    cx.b.emit({ op: "recv", ...cx.at(k.node), channel, targets: [temp] });
    return { kind: "path", path: temp };
  }
  if (!effectFree(cx.textOf(k.node))) for (const operand of namedKids(k.node)) lowerValue(cx, operand);
  return CONST;
}

/** `T(x)` parsed as a conversion; `f[int](x)` parses the same way and is a call. */
function conversionValue(cx: FunctionContext, k: Kid): Value {
  const [typeNode, operand] = namedKids(k.node);
  if (!typeNode) return UNKNOWN;
  if (typeNode.type === T.genericType) {
    const [base, args] = namedKids(typeNode.node);
    const name = base ? cx.textOf(base.node) : "";
    const ref = base?.type === T.typeIdentifier ? resolveName(cx, name) : null;
    if (ref && ref.kind !== "type") {
      const typeArgs = args ? namedKids(args.node).map((a) => typeRef(namedKids(a.node)[0]?.node ?? a.node, cx.imports)) : [];
      const value = operand ? lowerValue(cx, operand) : UNKNOWN;
      const temp = cx.b.temp();
      const callee = ref.kind === "var"
        ? { kind: "value" as const, path: varPath(ref.var) }
        : { kind: "func" as const, name, typeArgs };
      cx.b.emit({ op: "call", ...cx.at(k.node), call: { callee, args: [value], spread: false }, results: [temp] });
      return { kind: "path", path: temp };
    }
  }
  const value = operand ? lowerValue(cx, operand) : UNKNOWN;
  return { kind: "convert", type: typeRef(typeNode.node, cx.imports), value };
}

/** `f[int]` as a value; `m[a.b][c.d]` parses the same way and is a nested index read. */
function instantiationValue(cx: FunctionContext, k: Kid): Value {
  const [generic] = namedKids(k.node);
  const base = generic ? namedKids(generic.node)[0] : undefined;
  if (!base) return UNKNOWN;
  const name = cx.textOf(base.node);
  const ref = resolveName(cx, name);
  if (ref.kind === "func") return { kind: "func", callee: { kind: "func", name } };
  const outer = chainPath(cx, [name]);
  cx.b.emit({ op: "access", ...cx.at(k.node), kind: "read", path: outer });
  const of = withSelector(cx, outer, INDEX);
  cx.b.emit({ op: "access", ...cx.at(k.node), kind: "read", path: of });
  return { kind: "element", of };
}
