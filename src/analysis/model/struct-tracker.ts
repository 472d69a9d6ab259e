// The struct half of the walk: which variables hold a struct type of the
// package, which selectors `x.f` / `x.a.f` reach one of its map fields, and
// where values of those types are constructed. Called from the one walk in
// expression-walk.ts and function-walk.ts; it never walks on its own.
import type { Node } from "web-tree-sitter";
import { F, T, TOKEN } from "../go/grammar.js";
import { field, isIdentifier, kids, operatorOf, unparen } from "../go/nodes.js";
import { locationOf } from "../go/position.js";
import type { Construction, FieldBase, LiteralSite, MapSymbol, StructValue, SymbolKind } from "./model-types.js";
import type { Scope } from "./scope.js";
import type { StructIndex, StructRef } from "./struct-types.js";

export interface StructSink {
  readonly index: StructIndex;
  /** The symbol of map field `name` declared by struct type `owner`. */
  fieldSymbol(owner: string, name: string): MapSymbol | null;
  newValue(init: Omit<StructValue, "id">): StructValue;
  construction(c: Construction): void;
}

export interface FieldRef {
  symbol: MapSymbol;
  base: FieldBase;
}

interface Reached {
  ref: StructRef;
  root: StructValue;
}

export interface Place {
  path: string;
  lines: readonly string[];
  functionIndex: number;
  closure: number;
}

export class StructTracker {
  /** Constructions of this walk by the offset of their expression, so a declaration can claim its own. */
  private readonly constructionsAt = new Map<number, Construction>();

  constructor(private readonly sink: StructSink) {}

  /** `x.f` where `x` holds a struct type of the package and `f` is one of its map fields. */
  fieldRef(node: Node, scope: Scope): FieldRef | null {
    if (node.type !== T.selectorExpression) return null;
    const operand = field(node, F.operand);
    const name = field(node, F.field)?.text;
    if (!operand || !name) return null;
    const target = unparen(operand);
    const reached = this.reach(target, scope);
    const found = reached ? this.sink.index.field(reached.ref.type, name) : null;
    const symbol = found?.field.mapType ? this.sink.fieldSymbol(found.owner, name) : null;
    if (!symbol || !reached) return null;
    const { root } = reached;
    return {
      symbol,
      base: {
        text: target.text,
        rootName: root.name,
        rootKind: root.kind,
        rootDeclaredAt: root.at,
        rootValue: root.id,
        direct: isIdentifier(target),
      },
    };
  }

  /** `x.g` where `g` is a known field of `x`'s struct type (so `x` itself is not handed anywhere). */
  isFieldAccess(node: Node, scope: Scope): boolean {
    const operand = field(node, F.operand);
    const name = field(node, F.field)?.text;
    const reached = operand && name ? this.reach(unparen(operand), scope) : null;
    return reached !== null && name !== undefined && this.sink.index.field(reached.ref.type, name) !== null;
  }

  /** Records a use of struct variable `node` (an identifier) that may initialise its maps. */
  touch(node: Node, scope: Scope, place: Place): void {
    const value = scope.resolveStruct(node.text);
    if (value) value.touches.push({ path: place.path, at: node.startIndex, functionIndex: place.functionIndex, closure: place.closure });
  }

  /**
   * Declares `name` when its type (written, or implied by its value) is a
   * struct type of the package. Returns false when it is not.
   */
  declare(scope: Scope, name: Node, typeNode: Node | null, value: Node | null, kind: SymbolKind, place: Place): boolean {
    const ref = this.sink.index.refOf(typeNode) ?? (value ? this.valueRef(value, scope) : null);
    if (!ref) return false;
    const v = this.sink.newValue({
      name: name.text,
      type: ref.type,
      pointer: ref.pointer,
      kind,
      path: place.path,
      at: name.startIndex,
      functionIndex: place.functionIndex,
      closure: place.closure,
      touches: [],
    });
    scope.declareStruct(name.text, v);
    if (value) {
      const v0 = unparen(value);
      const inner = v0.type === T.unaryExpression ? field(v0, F.operand) : null;
      const c = this.constructionsAt.get(v0.startIndex) ?? (inner ? this.constructionsAt.get(unparen(inner).startIndex) : undefined);
      if (c && c.value === null) c.value = v.id;
    } else if (typeNode && !ref.pointer && (kind === "local" || kind === "package")) {
      this.record(ref.type, "var", [], name, place, v.id, null);
    }
    return true;
  }

  /** `T{...}` / `&T{...}`: a construction of T with the fields it sets. */
  literal(node: Node, place: Place): void {
    const ref = this.sink.index.refOf(field(node, F.type));
    const body = field(node, F.body);
    if (!ref || !body) return;
    const elements = kids(body);
    const keyed = elements.every((e) => e.type === T.keyedElement);
    const set: string[] = [];
    for (const e of elements) {
      const [key, val] = kids(e);
      const keyNode = key ? kids(key)[0] : undefined;
      const valNode = val ? kids(val)[0] : undefined;
      if (keyNode && isIdentifier(keyNode) && valNode && unparen(valNode).type !== T.nil) set.push(keyNode.text);
    }
    const close = place.lines[body.endPosition.row] ?? "";
    const site: LiteralSite = {
      openLine: body.startPosition.row + 1,
      closeLine: body.endPosition.row + 1,
      closeIndent: /^\s*/.exec(close)?.[0] ?? "",
      keyed: keyed && elements.length > 0,
    };
    this.record(ref.type, "literal", keyed ? set : null, node, place, null, site);
  }

  /** `new(T)`: a zero T. */
  newCall(call: Node, place: Place): void {
    const fn = field(call, F.function);
    const args = field(call, F.arguments);
    const first = args ? kids(args)[0] : undefined;
    if (fn?.type !== T.identifier || fn.text !== "new" || !first) return;
    const ref = this.sink.index.refOf(first);
    if (ref) this.record(ref.type, "new", [], call, place, null, null);
  }

  private record(type: string, form: Construction["form"], fieldsSet: string[] | null, node: Node, place: Place, value: number | null, literal: LiteralSite | null): void {
    const c: Construction = {
      type,
      form,
      fieldsSet,
      path: place.path,
      at: node.startIndex,
      location: locationOf(place.path, node),
      functionIndex: place.functionIndex,
      value,
      literal,
    };
    this.constructionsAt.set(node.startIndex, c);
    this.sink.construction(c);
  }

  /** The struct type a value has: `T{}`, `&T{}`, `new(T)`, `NewT(...)`, another struct variable. */
  private valueRef(value: Node, scope: Scope): StructRef | null {
    const v = unparen(value);
    switch (v.type) {
      case T.compositeLiteral:
        return this.sink.index.refOf(field(v, F.type));
      case T.unaryExpression: {
        const operand = field(v, F.operand);
        const inner = operand ? unparen(operand) : null;
        if (operatorOf(v) !== TOKEN.addressOf || inner?.type !== T.compositeLiteral) return null;
        const ref = this.sink.index.refOf(field(inner, F.type));
        return ref ? { ...ref, pointer: true } : null;
      }
      case T.callExpression: {
        const fn = field(v, F.function);
        if (!isIdentifier(fn) || scope.resolve(fn.text) || scope.resolveStruct(fn.text)) return null;
        if (fn.text === "new") {
          const first = kids(field(v, F.arguments) ?? v).find((k) => k !== fn);
          const ref = this.sink.index.refOf(first ?? null);
          return ref ? { ...ref, pointer: true } : null;
        }
        return this.sink.index.constructors.get(fn.text) ?? null;
      }
      case T.identifier: {
        const other = scope.resolveStruct(v.text);
        return other ? { type: other.type, pointer: other.pointer } : null;
      }
      default:
        return null;
    }
  }

  /** The struct type (and root variable) an operand expression reaches: `x`, `x.a`, `x.a.b`, `(*x)`. */
  private reach(node: Node, scope: Scope): Reached | null {
    if (node.type === T.identifier) {
      const root = scope.resolveStruct(node.text);
      return root ? { ref: { type: root.type, pointer: root.pointer }, root } : null;
    }
    if (node.type === T.unaryExpression) {
      const operand = field(node, F.operand);
      return operand && operatorOf(node) === "*" ? this.reach(unparen(operand), scope) : null;
    }
    if (node.type !== T.selectorExpression) return null;
    const operand = field(node, F.operand);
    const name = field(node, F.field)?.text;
    const outer = operand && name ? this.reach(unparen(operand), scope) : null;
    const found = outer && name ? this.sink.index.field(outer.ref.type, name) : null;
    if (!outer || !found?.field.structType) return null;
    return { ref: { type: found.field.structType, pointer: false }, root: outer.root };
  }
}
