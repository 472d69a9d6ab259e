// What a call calls, as written: a local func value, a builtin, a package
// function, an imported function, a method on a path, a method expression,
// a function literal, or (for `T(x)`, `[]byte(s)`, `(*T)(p)`) no call at
// all but a conversion.
import { T } from "../go/grammar.js";
import { typeRef } from "../go/type-syntax.js";
import type { Callee, TypeRef } from "./ir.js";
import type { FunctionContext } from "./lowering-context.js";
import { chainPath, materialise, operatorAt, pathOf } from "./paths.js";
import { resolveName } from "./resolve-name.js";
import { shorten } from "./source-text.js";
import { type Kid, namedKids, SIMPLE_CHAIN, unparenKid } from "./syntax.js";
import { varPath } from "./shared-values.js";

export type CalleeOrConversion = { kind: "callee"; callee: Callee } | { kind: "conversion"; type: TypeRef };

export function calleeOf(cx: FunctionContext, fnKid: Kid, typeArgs: TypeRef[]): CalleeOrConversion {
  const k = unparenKid(fnKid);
  switch (k.type) {
    case T.identifier: {
      const name = cx.textOf(k.node);
      const ref = resolveName(cx, name);
      if (ref.kind === "var") return callee({ kind: "value", path: varPath(ref.var) });
      if (ref.kind === "type") return { kind: "conversion", type: named(name, typeArgs) };
      if (ref.kind === "builtin") return callee({ kind: "builtin", name });
      return callee(typeArgs.length ? { kind: "func", name, typeArgs } : { kind: "func", name });
    }
    case T.selectorExpression:
      return selectorCallee(cx, k);
    case T.funcLiteral:
      return callee({ kind: "closure", fn: cx.pkg.lower.closure(cx, k.node) });
    case T.indexExpression: {
      // `f[int](x)`: an instantiated generic function; otherwise a func value kept in a map or slice.
      const [operand, arg] = namedKids(k.node);
      if (operand?.type === T.identifier && arg) {
        const name = cx.textOf(operand.node);
        const ref = resolveName(cx, name);
        if (ref.kind === "func") return callee({ kind: "func", name, typeArgs: [typeRef(arg.node, cx.imports)] });
      }
      return callee({ kind: "value", path: pathOf(cx, k) });
    }
    case T.unaryExpression: {
      // `(*T)(p)` converts; `(*fp)(x)` calls through a pointer to a func.
      const operand = namedKids(k.node)[0];
      if (operand && operatorAt(cx, k.node) === "*" && isTypeName(cx, operand)) {
        const elem = typeRef(operand.node, cx.imports);
        return { kind: "conversion", type: { kind: "pointer", text: `*${elem.text}`, elem } };
      }
      return callee({ kind: "value", path: pathOf(cx, k) });
    }
    case T.callExpression:
      return callee({ kind: "value", path: materialise(cx, k) });
    default:
      if (k.type.endsWith("_type")) return { kind: "conversion", type: typeRef(k.node, cx.imports) };
      return callee({ kind: "dynamic", text: shorten(cx.textOf(k.node)) });
  }
}

function selectorCallee(cx: FunctionContext, k: Kid): CalleeOrConversion {
  const text = cx.textOf(k.node);
  if (SIMPLE_CHAIN.test(text)) {
    const dot = text.indexOf(".");
    const first = text.slice(0, dot);
    const rest = text.slice(dot + 1);
    if (!rest.includes(".")) {
      const pkg = cx.importPath(first);
      if (pkg !== null) return callee({ kind: "external", pkg, name: rest });
      if (resolveName(cx, first).kind === "type") return callee({ kind: "method-expr", type: named(first, []), name: rest });
    }
    const names = text.split(".");
    const name = names.pop() ?? "";
    return callee({ kind: "method", recv: chainPath(cx, names), name });
  }
  const [operand, field] = namedKids(k.node);
  const name = field ? cx.textOf(field.node) : "";
  if (!operand) return callee({ kind: "dynamic", text: shorten(text) });
  const inner = unparenKid(operand);
  if (inner.type === T.unaryExpression && operatorAt(cx, inner.node) === "*") {
    const target = namedKids(inner.node)[0];
    if (target && isTypeName(cx, target)) {
      const elem = typeRef(target.node, cx.imports);
      return callee({ kind: "method-expr", type: { kind: "pointer", text: `*${elem.text}`, elem }, name });
    }
  }
  return callee({ kind: "method", recv: pathOf(cx, operand), name });
}

/** An identifier or `pkg.T` naming a type as far as syntax tells (a package or local type, or a predeclared one). */
function isTypeName(cx: FunctionContext, k: Kid): boolean {
  if (k.type === T.identifier) return resolveName(cx, cx.textOf(k.node)).kind === "type";
  return k.type === T.typeIdentifier || k.type === T.qualifiedType || k.type === T.genericType;
}

function named(name: string, args: TypeRef[]): TypeRef {
  const text = args.length ? `${name}[${args.map((a) => a.text).join(", ")}]` : name;
  return { kind: "named", text, pkg: null, name, args };
}

function callee(c: Callee): CalleeOrConversion {
  return { kind: "callee", callee: c };
}
