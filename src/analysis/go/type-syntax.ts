// Type expressions as written, turned into TypeRefs: the one reader of Go
// type syntax, shared by lowering (local declarations, make, new, literals,
// conversions) and the semantic layer (struct fields, signatures).
import type { Node } from "web-tree-sitter";
import type { TypeRef } from "../lower/ir.js";
import { T } from "./grammar.js";
import { kids } from "./nodes.js";

/** Import name -> import path, for one file. */
export type ImportTable = ReadonlyMap<string, string>;

/** Types nested deeper than this become `other` (a hostile input can nest thousands). */
const MAX_TYPE_DEPTH = 12;

export function typeRef(node: Node, imports: ImportTable, depth = 0): TypeRef {
  const text = normalise(node.text);
  if (depth > MAX_TYPE_DEPTH) return { kind: "other", text };
  const sub = (n: Node | null): TypeRef => (n ? typeRef(n, imports, depth + 1) : { kind: "other", text: "" });
  switch (node.type) {
    case T.typeIdentifier:
      return { kind: "named", text, pkg: null, name: node.text, args: [] };
    case T.qualifiedType: {
      const pkg = node.childForFieldName("package")?.text ?? "";
      const name = node.childForFieldName("name")?.text ?? "";
      return { kind: "named", text, pkg: imports.get(pkg) ?? pkg, name, args: [] };
    }
    case T.genericType: {
      const base = sub(node.childForFieldName("type"));
      const argsNode = node.childForFieldName("type_arguments");
      const args = argsNode ? kids(argsNode).map((a) => sub(a.type === "type_elem" ? (kids(a)[0] ?? a) : a)) : [];
      return base.kind === "named" ? { ...base, text, args } : { kind: "other", text };
    }
    case T.pointerType:
      return { kind: "pointer", text, elem: sub(kids(node)[0] ?? null) };
    case T.parenthesizedType:
      return sub(kids(node)[0] ?? null);
    case T.mapType:
      return { kind: "map", text, key: sub(node.childForFieldName("key")), value: sub(node.childForFieldName("value")) };
    case "slice_type":
      return { kind: "slice", text, elem: sub(node.childForFieldName("element")) };
    case "array_type":
    case "implicit_length_array_type":
      return { kind: "array", text, elem: sub(node.childForFieldName("element")) };
    case "channel_type":
      return { kind: "chan", text, elem: sub(node.childForFieldName("value")) };
    case "function_type":
      return {
        kind: "func",
        text,
        params: signatureTypes(node.childForFieldName("parameters"), imports, depth + 1),
        results: signatureTypes(node.childForFieldName("result"), imports, depth + 1),
      };
    case T.structType:
      return { kind: "struct", text, fields: structFields(node, imports, depth + 1) };
    case "interface_type":
      return { kind: "interface", text };
    default:
      return { kind: "other", text };
  }
}

/**
 * The types of a parameter or result list, one per value: `(a, b int)` is two
 * ints. A bare result type (`func() error`) is one.
 */
export function signatureTypes(list: Node | null, imports: ImportTable, depth = 0): TypeRef[] {
  if (!list) return [];
  if (list.type !== T.parameterList) return [typeRef(list, imports, depth)];
  const out: TypeRef[] = [];
  for (const decl of kids(list)) {
    const typeNode = decl.childForFieldName("type");
    if (!typeNode) continue;
    let type = typeRef(typeNode, imports, depth);
    if (decl.type === T.variadicParameterDeclaration) type = { kind: "slice", text: `[]${type.text}`, elem: type };
    const names = decl.childrenForFieldName("name").filter((n) => n !== null).length;
    for (let i = 0; i < Math.max(names, 1); i++) out.push(type);
  }
  return out;
}

/** Fields of a struct type; an embedded field is named after its type (`*pkg.T` -> `T`). */
export function structFields(node: Node, imports: ImportTable, depth = 0): { name: string; type: TypeRef; embedded: boolean }[] {
  const list = kids(node).find((k) => k.type === T.fieldDeclarationList);
  if (!list) return [];
  const out: { name: string; type: TypeRef; embedded: boolean }[] = [];
  for (const decl of kids(list)) {
    if (decl.type !== T.fieldDeclaration) continue;
    const typeNode = decl.childForFieldName("type");
    if (!typeNode) continue;
    let type = typeRef(typeNode, imports, depth);
    // The grammar puts an embedded field's `*` beside its type, not in it.
    if (embeddedPointer(decl)) type = { kind: "pointer", text: `*${type.text}`, elem: type };
    const names = decl.childrenForFieldName("name").filter((n): n is Node => n !== null);
    if (names.length === 0) {
      out.push({ name: embeddedName(type), type, embedded: true });
    } else {
      for (const n of names) out.push({ name: n.text, type, embedded: false });
    }
  }
  return out;
}

/** `struct{ *T }`: the field declaration holds a `*` token of its own. */
export function embeddedPointer(decl: Node): boolean {
  for (let i = 0; i < decl.childCount; i++) if (decl.child(i)?.type === "*") return true;
  return false;
}

/** The name an embedded field goes by: the type's name without `*`, package or type arguments. */
export function embeddedName(type: TypeRef): string {
  if (type.kind === "pointer") return embeddedName(type.elem);
  if (type.kind === "named") return type.name;
  return type.text;
}

function normalise(text: string): string {
  return text.includes("\n") || text.includes("  ") || text.includes("\t") ? text.replace(/\s+/g, " ") : text;
}
