// Type declarations of one file: named types, aliases, struct fields with
// their positions and tags, interface methods, type parameters.
import type { Node } from "web-tree-sitter";
import type { TypeRef } from "../lower/ir.js";
import { F, T } from "../go/grammar.js";
import { field, fields, kids } from "../go/nodes.js";
import { embeddedName, embeddedPointer, signatureTypes, typeRef, type ImportTable } from "../go/type-syntax.js";
import type { FieldDecl, InterfaceDecl, TypeDecl, TypeParamDecl } from "./decl-types.js";
import { declaredAt, nameNodes } from "./span-of.js";
import { funcType } from "./type-refs.js";

export function readTypeDeclaration(path: string, node: Node, imports: ImportTable): TypeDecl[] {
  const out: TypeDecl[] = [];
  for (const spec of kids(node)) {
    if (spec.type !== T.typeSpec && spec.type !== T.typeAlias) continue;
    const nameNode = field(spec, F.name);
    const typeNode = field(spec, F.type);
    if (!nameNode || !typeNode) continue;
    out.push({
      name: nameNode.text,
      ...declaredAt(path, nameNode),
      alias: spec.type === T.typeAlias,
      typeParams: typeParamsOf(spec, imports),
      type: typeRef(typeNode, imports),
      fields: typeNode.type === T.structType ? structFieldDecls(path, typeNode, imports) : null,
      iface: typeNode.type === "interface_type" ? interfaceDecl(typeNode, imports) : null,
    });
  }
  return out;
}

/** `[K comparable, V any]` of a type spec or function declaration. */
export function typeParamsOf(node: Node, imports: ImportTable): TypeParamDecl[] {
  const list = node.childForFieldName("type_parameters");
  if (!list) return [];
  const out: TypeParamDecl[] = [];
  for (const decl of kids(list)) {
    const constraintNode = field(decl, F.type);
    const constraint = constraintNode ? constraintOf(constraintNode, imports) : { kind: "other" as const, text: "" };
    for (const n of nameNodes(decl)) out.push({ name: n.text, constraint });
  }
  return out;
}

/** A constraint's core type when it has one (`~map[K]V` -> `map[K]V`); unions stay `other`. */
function constraintOf(node: Node, imports: ImportTable): TypeRef {
  const parts = node.type === "type_constraint" ? kids(node) : [node];
  if (parts.length !== 1) return { kind: "other", text: node.text };
  const only = parts[0];
  const core = only.type === "negated_type" ? kids(only)[0] : only;
  return core ? typeRef(core, imports) : { kind: "other", text: node.text };
}

function structFieldDecls(path: string, node: Node, imports: ImportTable): FieldDecl[] {
  const list = kids(node).find((k) => k.type === T.fieldDeclarationList);
  if (!list) return [];
  const out: FieldDecl[] = [];
  for (const decl of kids(list)) {
    if (decl.type !== T.fieldDeclaration) continue;
    const typeNode = field(decl, F.type);
    if (!typeNode) continue;
    let type = typeRef(typeNode, imports);
    // The grammar puts an embedded field's `*` beside its type, not in it.
    if (embeddedPointer(decl)) type = { kind: "pointer", text: `*${type.text}`, elem: type };
    const tagged = field(decl, F.tag) !== null;
    const names = nameNodes(decl);
    if (names.length === 0) {
      // An embedded field is declared by its type: `*pkg.T` is named by `T`.
      const nameNode = embeddedNameNode(typeNode) ?? typeNode;
      out.push({ name: embeddedName(type), type, embedded: true, tagged, ...declaredAt(path, nameNode) });
    } else {
      for (const n of names) out.push({ name: n.text, type, embedded: false, tagged, ...declaredAt(path, n) });
    }
  }
  return out;
}

function embeddedNameNode(typeNode: Node): Node | null {
  let node: Node | null = typeNode;
  while (node && (node.type === T.pointerType || node.type === T.genericType)) {
    node = node.type === T.pointerType ? (kids(node)[0] ?? null) : field(node, F.type);
  }
  if (node?.type === T.qualifiedType) return field(node, F.name);
  return node;
}

function interfaceDecl(node: Node, imports: ImportTable): InterfaceDecl {
  const out: InterfaceDecl = { methods: [], signatures: [], embeds: [], constraint: false };
  for (const elem of kids(node)) {
    if (elem.type === "method_elem") {
      const name = field(elem, F.name);
      if (!name) continue;
      out.methods.push(name.text);
      const params = signatureTypes(field(elem, F.parameters), imports);
      const results = signatureTypes(field(elem, F.result), imports);
      out.signatures.push(funcType(params, results));
    } else if (elem.type === "type_elem") {
      const parts = kids(elem);
      const only = parts.length === 1 ? parts[0] : null;
      if (only && (only.type === T.typeIdentifier || only.type === T.qualifiedType || only.type === T.genericType)) {
        out.embeds.push(typeRef(only, imports));
      } else {
        out.constraint = true;
      }
    }
  }
  return out;
}
