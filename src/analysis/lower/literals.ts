// Composite literals as Values: keyed struct fields by name, everything else
// (positional fields, slice, array and map elements) as elements. A nested
// literal with its type elided (`[]T{{...}}`, `map[K]*V{k: {...}}`) gets the
// element type of the literal around it.
import type { Node } from "web-tree-sitter";
import { T } from "../go/grammar.js";
import { typeRef } from "../go/type-syntax.js";
import type { LiteralField, TypeRef, Value } from "./ir.js";
import type { FunctionContext } from "./lowering-context.js";
import { simpleValue, splitSimple } from "./simple-values.js";
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
    if (body && simpleBody(cx, body, keyedByName && !isMap, fields, elements)) {
      return { kind: "literal", type, pointer, fields, elements, span: cx.spanOf(node) };
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

/**
 * `{1, 2, x}` or `{Name: v, Other: &w}` read from the text (tables of
 * thousands of constants are common); false, with nothing added, when an
 * element is not simple or a key is not a field name.
 */
function simpleBody(cx: FunctionContext, body: Node, byName: boolean, fields: LiteralField[], elements: Value[]): boolean {
  const text = cx.src.text;
  const start = body.startIndex + 1;
  let end = body.endIndex - 1;
  while (end > start && /[\s,]/.test(text[end - 1])) end--;
  if (end === start) return true;
  const pieces = splitSimple(text, start, end);
  if (!pieces) return false;
  for (const p of pieces) {
    if (!p.text.includes(":")) continue;
    if (!byName || !FIELD_KEY.test(p.text)) return false;
  }
  for (const p of pieces) {
    const keyed = byName ? FIELD_KEY.exec(p.text) : null;
    if (keyed) fields.push({ name: keyed[1], value: simpleValue(cx, keyed[2]) });
    else elements.push(simpleValue(cx, p.text));
  }
  return true;
}
