// The semantic layer's only reader of syntax: the top-level declarations of
// every file of a package (never a function body — lowering owns those),
// turned into plain data before the trees are freed.
import type { Node, TreeCursor } from "web-tree-sitter";
import type { TypeRef } from "../lower/ir.js";
import { F, T } from "../go/grammar.js";
import { importTable } from "../go/import-table.js";
import { columnOf, lineOf } from "../go/position.js";
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

const ANY: TypeRef = { kind: "named", text: "any", pkg: null, name: "any", args: [] };

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
  const typeParams = base.args.filter((a) => a.kind === "named").map((a) => ({ name: a.text, constraint: ANY }));
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

/**
 * Package-level vars and consts. Read with a cursor: generated files hold
 * thousands of constants, and a Node object per name and spec costs more
 * than parsing them did.
 */
function readValues(path: string, node: Node, imports: ImportTable): ValueDecl[] {
  const kind = node.type === T.varDeclaration ? "var" : "const";
  const out: ValueDecl[] = [];
  const cursor = node.walk();
  try {
    if (!cursor.gotoFirstChild()) return out;
    do {
      const type = cursor.nodeType;
      if (type === T.varSpec || type === "const_spec") readSpec(path, cursor, kind, imports, out);
      else if (type === T.varSpecList || type === "const_spec_list") {
        if (!cursor.gotoFirstChild()) continue;
        do {
          if (cursor.nodeType === T.varSpec || cursor.nodeType === "const_spec") readSpec(path, cursor, kind, imports, out);
        } while (cursor.gotoNextSibling());
        cursor.gotoParent();
      }
    } while (cursor.gotoNextSibling());
    return out;
  } finally {
    cursor.delete();
  }
}

/** One var_spec or const_spec under the cursor; the cursor is back on it afterwards. */
function readSpec(path: string, cursor: TreeCursor, kind: ValueDecl["kind"], imports: ImportTable, out: ValueDecl[]): void {
  if (!cursor.gotoFirstChild()) return;
  const start = out.length;
  let type: TypeRef | null = null;
  do {
    const field = cursor.currentFieldName;
    if (field === F.name && cursor.nodeType === T.identifier) {
      const name = cursor.nodeText;
      if (name === "_") continue;
      const from = cursor.startPosition;
      const to = cursor.endPosition;
      const declared = { line: lineOf(from), column: columnOf(from), endLine: lineOf(to), endColumn: columnOf(to) };
      out.push({ name, kind, path, declared, at: cursor.startIndex, type: null, exported: /^\p{Lu}/u.test(name) });
    } else if (field === F.type) {
      type = typeRef(cursor.currentNode, imports);
    }
  } while (cursor.gotoNextSibling());
  cursor.gotoParent();
  if (type) for (let i = start; i < out.length; i++) out[i].type = type;
}
