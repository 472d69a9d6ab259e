// Composite literals as Values: keyed struct fields by name, everything else
// (positional fields, slice, array and map elements) as elements. A nested
// literal with its type elided (`[]T{{...}}`, `map[K]*V{k: {...}}`) gets the
// element type of the literal around it.
import type { Node } from "web-tree-sitter";
import { T } from "../go/grammar.js";
import { typeRef } from "../go/type-syntax.js";
import type { LiteralField, TypeRef, Value } from "./ir.js";
import type { FunctionContext } from "./lowering-context.js";
import { isSpace, type Piece, pushPiece, simpleValue } from "./simple-values.js";
import { namedKids } from "./syntax.js";

const UNKNOWN: Value = { kind: "unknown" };

/** `T{...}` (`node` a composite_literal) or an elided `{...}` (`node` a literal_value of type `type`). */
export function lowerLiteral(cx: FunctionContext, node: Node, pointer: boolean, type: TypeRef | null): Value {
  return cx.nested(UNKNOWN, () => {
    let body: Node | null = node;
    if (node.type === T.compositeLiteral) {
      const [typeNode, value] = namedKids(node);
      type = typeNode && typeNode.type !== T.literalValue ? typeRef(typeNode.node, cx.imports) : null;
      body = value?.node ?? null;
    }
    const fields: LiteralField[] = [];
    const elements: Value[] = [];
    const isMap = type?.kind === "map";
    const keyedByName = type !== null && (type.kind === "named" || type.kind === "struct");
    const elem = elementType(type);
    if (body && body.startIndex >= (textRoadClosed.get(cx.src) ?? -1)) {
      const road: TextRoad = { tooDeep: false };
      if (simpleBody(cx, body.startIndex + 1, body.endIndex - 1, type, fields, elements, 0, road)) {
        return { kind: "literal", type, pointer, fields, elements, span: cx.spanOf(node) };
      }
      // Every literal inside one nested too deep for the text road would read the same text again, one level less
      // deep each time (quadratic in the nesting): they take the tree's road at once.
      if (road.tooDeep) textRoadClosed.set(cx.src, body.endIndex);
    }
    for (const item of body ? namedKids(body) : []) {
      if (item.type === T.keyedElement) {
        const [key, value] = namedKids(item.node);
        const valueOf = value ? elementValue(cx, value.node, elem) : UNKNOWN;
        const keyExpr = key ? namedKids(key.node)[0] : undefined;
        if (keyedByName && !isMap && keyExpr?.type === T.identifier) {
          fields.push({ name: cx.textOf(keyExpr.node), value: valueOf });
          continue;
        }
        if (key) elementValue(cx, key.node, isMap && type?.kind === "map" ? type.key : null);
        elements.push(valueOf);
      } else if (item.type === T.literalElement) {
        elements.push(elementValue(cx, item.node, elem));
      }
    }
    return { kind: "literal", type, pointer, fields, elements, span: cx.spanOf(node) };
  });
}

/** A literal_element: an expression, or a literal whose type is elided. */
function elementValue(cx: FunctionContext, element: Node, elem: TypeRef | null): Value {
  const inner = namedKids(element)[0];
  if (!inner) return UNKNOWN;
  if (inner.type !== T.literalValue) return cx.pkg.lower.value(cx, inner);
  // `[]*T{{...}}` means `[]*T{&T{...}}`.
  if (elem?.kind === "pointer") return lowerLiteral(cx, inner.node, true, elem.elem);
  return lowerLiteral(cx, inner.node, false, elem);
}

function elementType(type: TypeRef | null): TypeRef | null {
  if (!type) return null;
  switch (type.kind) {
    case "slice":
    case "array":
      return type.elem;
    case "map":
      return type.value;
    default:
      return null;
  }
}

const FIELD_KEY = /^([A-Za-z_][A-Za-z0-9_]*)\s*:\s*([^]*)$/;

/** How deep the text road follows elided literals (`{{1, 2}, {3, 4}}`) before leaving them to the tree. */
const MAX_TEXT_NESTING = 16;

/**
 * The body of a literal between its braces, file offsets [from, to), read
 * from the text (tables of thousands of constants are common): simple
 * elements, keyed or not, and elided literals of simple elements. False,
 * with nothing added, when an element is anything else or a struct key is
 * no field name.
 */
/** What the text road met: a literal nested deeper than MAX_TEXT_NESTING. */
interface TextRoad {
  tooDeep: boolean;
}

/** By file: the end of a literal whose text road met nesting too deep; literals before it take the tree's road. */
const textRoadClosed = new WeakMap<object, number>();

function simpleBody(cx: FunctionContext, from: number, to: number, type: TypeRef | null, fields: LiteralField[], elements: Value[], depth: number, road: TextRoad): boolean {
  const text = cx.src.text;
  let end = to;
  while (end > from && /[\s,]/.test(text[end - 1])) end--;
  if (end === from) return true;
  const pieces = splitElements(text, from, end);
  if (!pieces) return false;
  const byName = type !== null && (type.kind === "named" || type.kind === "struct");
  const elem = elementType(type);
  const values: Value[] = [];
  const named: LiteralField[] = [];
  for (const p of pieces) {
    if (byName) {
      // A struct's fields are never elided literals.
      if (p.text.includes("{")) return false;
      const keyed = FIELD_KEY.exec(p.text);
      if (keyed) named.push({ name: keyed[1], value: simpleValue(cx, keyed[2]) });
      else if (p.text.includes(":")) return false;
      else values.push(simpleValue(cx, p.text));
      continue;
    }
    const at = valueStart(text, p.start, p.end);
    const valueText = text.slice(at, p.end);
    const elided = valueText.charCodeAt(0) === 123;
    // `T{...}` and `&T{...}` elements, and literal keys, take the road through the tree.
    if (text.slice(p.start, at).includes("{") || (!elided && valueText.includes("{"))) return false;
    const value = elided ? elidedLiteral(cx, at, p.end, elem, depth + 1, road) : simpleValue(cx, valueText.trim());
    if (!value) return false;
    values.push(value);
  }
  fields.push(...named);
  elements.push(...values);
  return true;
}

/** `{...}` at file offsets [from, to) standing for a literal of `type` (`[]*T{{...}}` means `&T{...}`). */
function elidedLiteral(cx: FunctionContext, from: number, to: number, type: TypeRef | null, depth: number, road: TextRoad): Value | null {
  if (depth > MAX_TEXT_NESTING) {
    road.tooDeep = true;
    return null;
  }
  if (cx.src.text.charCodeAt(to - 1) !== 125) return null;
  const pointer = type?.kind === "pointer";
  const of = type?.kind === "pointer" ? type.elem : type;
  const fields: LiteralField[] = [];
  const elements: Value[] = [];
  if (!simpleBody(cx, from + 1, to - 1, of, fields, elements, depth, road)) return null;
  return { kind: "literal", type: of, pointer, fields, elements, span: cx.src.span(from, to) };
}

/**
 * Where the value of an array, slice or map element starts: after the
 * first colon outside a quoted literal and outside braces (`0x40: 8`,
 * `"a:b": x`), or at the element's start.
 */
function valueStart(text: string, from: number, to: number): number {
  let depth = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 || c === 39) {
      for (i++; i < to && text.charCodeAt(i) !== c; i++) if (text.charCodeAt(i) === 92) i++;
    } else if (c === 96) {
      i = text.indexOf("`", i + 1);
      if (i === -1) return from;
    } else if (c === 123) depth++;
    else if (c === 125) depth--;
    else if (c === 58 && depth === 0) {
      let at = i + 1;
      while (at < to && /\s/.test(text[at])) at++;
      return at;
    }
  }
  return from;
}

/**
 * Splits [from, to) at commas outside braces and quoted literals into
 * trimmed pieces; comments between elements are skipped. Null when the text
 * holds a parenthesis, a bracket, a receive, a comment inside an element,
 * unbalanced braces, or an empty piece.
 */
function splitElements(text: string, from: number, to: number): Piece[] | null {
  const pieces: Piece[] = [];
  let depth = 0;
  let start = from;
  /** Where the current piece's text stopped at a comment (only space and comments may follow). */
  let stopped = -1;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (stopped >= 0 && c !== 44 && c !== 47 && !isSpace(c)) return null;
    if (c === 34 || c === 39) {
      for (i++; i < to && text.charCodeAt(i) !== c; i++) if (text.charCodeAt(i) === 92) i++;
      if (i >= to) return null;
    } else if (c === 96) {
      i = text.indexOf("`", i + 1);
      if (i === -1 || i >= to) return null;
    } else if (c === 47) {
      const next = text.charCodeAt(i + 1);
      if (depth > 0 || (next !== 47 && next !== 42)) return null;
      const close = next === 47 ? text.indexOf("\n", i) : text.indexOf("*/", i + 2);
      const after = close === -1 ? to : next === 47 ? close : close + 2;
      if (text.slice(start, i).trim() === "") start = after;
      else if (stopped < 0) stopped = i;
      i = after - 1;
    } else if (c === 40 || c === 41 || c === 91 || c === 93) {
      return null;
    } else if (c === 60 && text.charCodeAt(i + 1) === 45) {
      return null;
    } else if (c === 123) {
      depth++;
    } else if (c === 125) {
      if (--depth < 0) return null;
    } else if (c === 44 && depth === 0) {
      if (!pushPiece(text, start, stopped >= 0 ? stopped : i, pieces)) return null;
      start = i + 1;
      stopped = -1;
    }
  }
  if (depth !== 0) return null;
  // After the last comma, comments alone are no element.
  if (stopped < 0 && pieces.length > 0 && text.slice(start, to).trim() === "") return pieces;
  if (!pushPiece(text, start, stopped >= 0 ? stopped : to, pieces)) return null;
  return pieces;
}
