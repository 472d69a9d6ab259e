// Values read from source text alone. Every node lowering touches costs calls
// into WASM; most argument lists, right-hand sides and return values are
// identifiers, selector chains, literals and arithmetic over them, whose
// Values the text tells. A list holding anything else (a call, an index, a
// composite literal, a closure, a receive, a comment) takes the road through
// the tree.
import { type ImportTable, typeRef } from "../go/type-syntax.js";
import type { Selector, TypeRef, Value } from "./ir.js";
import type { FunctionContext } from "./lowering-context.js";
import { chainPath, withSelector } from "./paths.js";
import { resolveName } from "./resolve-name.js";
import { type Kid, SIMPLE_CHAIN } from "./syntax.js";
import { DEREF, none, varPath } from "./shared-values.js";

/** A piece of a simple list: its offsets in the file. */
export interface Piece {
  start: number;
  end: number;
  text: string;
}

const CONST: Value = { kind: "const" };
const NIL: Value = { kind: "nil" };

/**
 * Splits file text [from, to) at top-level commas into trimmed pieces, or
 * returns null when the text holds a bracket, brace, parenthesis, comment or
 * receive outside string literals (or a piece is empty).
 */
export function splitSimple(text: string, from: number, to: number): Piece[] | null {
  const pieces: Piece[] = [];
  let start = from;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 || c === 39) {
      // "..." or '...': skip to the closing quote.
      for (i++; i < to && text.charCodeAt(i) !== c; i++) if (text.charCodeAt(i) === 92) i++;
      if (i >= to) return null;
    } else if (c === 96) {
      i = text.indexOf("`", i + 1);
      if (i === -1 || i >= to) return null;
    } else if (c === 40 || c === 41 || c === 91 || c === 93 || c === 123 || c === 125 || c === 47) {
      return null;
    } else if (c === 60 && text.charCodeAt(i + 1) === 45) {
      return null;
    } else if (c === 44) {
      if (!pushPiece(text, start, i, pieces)) return null;
      start = i + 1;
    }
  }
  if (!pushPiece(text, start, to, pieces)) return null;
  return pieces;
}

/** Adds the trimmed text [from, to) as a piece; false when it is empty. */
export function pushPiece(text: string, from: number, to: number, pieces: Piece[]): boolean {
  let a = from;
  let b = to;
  while (a < b && isSpace(text.charCodeAt(a))) a++;
  while (b > a && isSpace(text.charCodeAt(b - 1))) b--;
  if (a === b) return false;
  pieces.push({ start: a, end: b, text: text.slice(a, b) });
  return true;
}

export function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

/** The Value of a simple piece: a chain, `&chain`, `*chain`, nil, or a constant or arithmetic. */
export function simpleValue(cx: FunctionContext, text: string): Value {
  if (SIMPLE_CHAIN.test(text)) return text === "nil" ? NIL : chainValue(cx, text);
  const first = text.charCodeAt(0);
  if ((first === 38 || first === 42) && SIMPLE_CHAIN.test(text.slice(1))) {
    const path = chainPath(cx, text.slice(1).split("."));
    return first === 38 ? { kind: "addr", path } : { kind: "path", path: withSelector(cx, path, DEREF) };
  }
  return CONST;
}

/** `x`, `a.b.c`, `pkg.Name`, `T.Method` (a method expression). */
export function chainValue(cx: FunctionContext, text: string): Value {
  const dot = text.indexOf(".");
  if (dot === -1) {
    const ref = resolveName(cx, text);
    switch (ref.kind) {
      case "var":
        return { kind: "path", path: varPath(ref.var) };
      case "func":
        return { kind: "func", callee: { kind: "func", name: text } };
      case "package":
        return { kind: "path", path: { root: { kind: "package", name: text }, selectors: none<Selector>() } };
      case "const":
        return CONST;
      default:
        return { kind: "unknown" };
    }
  }
  const names = text.split(".");
  if (names.length === 2 && cx.importPath(names[0]) === null && resolveName(cx, names[0]).kind === "type") {
    const named: TypeRef = { kind: "named", text: names[0], pkg: null, name: names[0], args: [] };
    return { kind: "func", callee: { kind: "method-expr", type: named, name: names[1] } };
  }
  return { kind: "path", path: chainPath(cx, names) };
}

const SIMPLE_TYPE = /^((?:\*|\[\])*)([A-Za-z_][A-Za-z0-9_]*)(?:\.([A-Za-z_][A-Za-z0-9_]*))?$/;

/** `T`, `*T`, `[]T`, `pkg.T`, `*[]pkg.T` from text; null for anything else. */
export function simpleTypeRef(text: string, imports: ImportTable): TypeRef | null {
  const m = SIMPLE_TYPE.exec(text);
  if (!m) return null;
  const [, prefix, first, second] = m;
  let type: TypeRef = second
    ? { kind: "named", text: `${first}.${second}`, pkg: imports.get(first) ?? first, name: second, args: [] }
    : { kind: "named", text: first, pkg: null, name: first, args: [] };
  for (let i = prefix.length - 1; i >= 0; i--) {
    if (prefix[i] === "*") type = { kind: "pointer", text: `*${type.text}`, elem: type };
    else if (prefix[i] === "]") {
      type = { kind: "slice", text: `[]${type.text}`, elem: type };
      i--;
    }
  }
  return type;
}

/** The TypeRef of a type node, from its text when that is simple. */
export function typeOf(cx: FunctionContext, kid: Kid): TypeRef {
  return simpleTypeRef(cx.textOf(kid.node), cx.imports) ?? typeRef(kid.node, cx.imports);
}
