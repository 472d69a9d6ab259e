// The semantic layer's only reader of syntax: the top-level declarations of
// every file of a package (never a function body — lowering owns those),
// turned into plain data before the trees are freed.
import type { Node } from "web-tree-sitter";
import type { TypeRef } from "../lower/ir.js";
import { F, T } from "../go/grammar.js";
import { importTable } from "../go/import-table.js";
import { field, fields, kids } from "../go/nodes.js";
import { typeRef, type ImportTable } from "../go/type-syntax.js";
import type { FileDecls, FuncDecl, PackageDecls, ParamDecl, ValueDecl } from "./decl-types.js";
import { readTypeDeclaration, typeParamsOf } from "./read-type-declarations.js";
import { declaredAt, nameNodes, spanOf } from "./span-of.js";

export interface DeclarationSource {
  path: string;
  text: string;
  root: Node;
}

export function readDeclarations(files: readonly DeclarationSource[]): PackageDecls {
  const out: PackageDecls = { files: [], types: [], funcs: [], values: [] };
  for (const file of files) {
    const top = kids(file.root);
    const imports = importTable(top);
    out.files.push(fileDecls(file.path, top, imports));
    for (const node of top) {
      switch (node.type) {
        case T.typeDeclaration:
          out.types.push(...readTypeDeclaration(file.path, node, imports));
          break;
        case T.functionDeclaration:
        case T.methodDeclaration: {
          const fn = readFunction(file.path, node, imports);
          if (fn) out.funcs.push(fn);
          break;
        }
        case T.varDeclaration:
        case T.constDeclaration:
          out.values.push(...readValues(file.path, node, imports));
          break;
      }
    }
  }
  return out;
}

function fileDecls(path: string, top: readonly Node[], imports: ImportTable): FileDecls {
  const clause = top.find((n) => n.type === T.packageClause);
  const name = clause ? kids(clause).find((k) => k.type === T.packageIdentifier)?.text : undefined;
  return { path, packageName: name ?? "", imports };
}

function readFunction(path: string, node: Node, imports: ImportTable): FuncDecl | null {
  const nameNode = field(node, F.name);
  if (!nameNode) return null;
  const receiverList = field(node, F.receiver);
  const receiver = receiverList ? readReceiver(receiverList, imports) : null;
  const parameters = field(node, F.parameters);
  const params = readParams(parameters, imports);
  return {
    name: nameNode.text,
    ...declaredAt(path, nameNode),
    receiver: receiver?.receiver ?? null,
    typeParams: receiver ? receiver.typeParams : typeParamsOf(node, imports),
    params,
    results: readParams(field(node, F.result), imports),
    variadic: parameters !== null && kids(parameters).some((p) => p.type === T.variadicParameterDeclaration),
    span: spanOf(node),
    external: field(node, F.body) === null,
  };
}

/**
 * `(c *G[K, V])`: the receiver's type name and pointer-ness, and the type
 * parameters the receiver names (their constraints live on the type's
 * declaration; here they are unconstrained).
 */
function readReceiver(list: Node, imports: ImportTable): { receiver: FuncDecl["receiver"]; typeParams: FuncDecl["typeParams"] } | null {
  const decl = kids(list).find((k) => k.type === T.parameterDeclaration);
  const typeNode = decl ? field(decl, F.type) : null;
  if (!decl || !typeNode) return null;
  const ref = typeRef(typeNode, imports);
  const pointer = ref.kind === "pointer";
  const base = ref.kind === "pointer" ? ref.elem : ref;
  if (base.kind !== "named") return null;
  const any: TypeRef = { kind: "named", text: "any", pkg: null, name: "any", args: [] };
  const typeParams = base.args.filter((a) => a.kind === "named").map((a) => ({ name: a.text, constraint: any }));
  const name = field(decl, F.name)?.text ?? null;
  return { receiver: { type: base.name, pointer, name, typeRef: ref }, typeParams };
}

function readParams(list: Node | null, imports: ImportTable): ParamDecl[] {
  if (!list) return [];
  if (list.type !== T.parameterList) return [{ name: null, type: typeRef(list, imports) }];
  const out: ParamDecl[] = [];
  for (const decl of kids(list)) {
    const typeNode = field(decl, F.type);
    if (!typeNode) continue;
    let type = typeRef(typeNode, imports);
    if (decl.type === T.variadicParameterDeclaration) type = { kind: "slice", text: `[]${type.text}`, elem: type };
    const names = nameNodes(decl);
    if (names.length === 0) out.push({ name: null, type });
    else for (const n of names) out.push({ name: n.text, type });
  }
  return out;
}

function readValues(path: string, node: Node, imports: ImportTable): ValueDecl[] {
  const kind = node.type === T.varDeclaration ? "var" : "const";
  const out: ValueDecl[] = [];
  for (const spec of specsOf(node)) {
    const typeNode = field(spec, F.type);
    const type = typeNode ? typeRef(typeNode, imports) : null;
    for (const n of nameNodes(spec)) {
      // The grammar also files the commas between names under `name`.
      if (n.type !== T.identifier || n.text === "_") continue;
      out.push({ name: n.text, kind, ...declaredAt(path, n), type, exported: /^\p{Lu}/u.test(n.text) });
    }
  }
  return out;
}

/** var_spec / const_spec children of a declaration, inside a `( ... )` group or not. */
function specsOf(declaration: Node): Node[] {
  const out: Node[] = [];
  for (const child of kids(declaration)) {
    if (child.type === T.varSpec || child.type === "const_spec") out.push(child);
    else if (child.type === T.varSpecList || child.type === "const_spec_list") out.push(...kids(child));
  }
  return out;
}
