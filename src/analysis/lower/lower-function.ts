// One function, method or function literal into an IrFunction: signature,
// then one walk over the body. A literal is lowered where the walk of its
// enclosing function meets it, so it resolves free names through that
// function's scopes (they become captured Vars).
import type { Node } from "web-tree-sitter";
import { type ImportTable, typeRef } from "../go/type-syntax.js";
import { dropUnreachable } from "./finish.js";
import { FunctionBuilder } from "./function-builder.js";
import type { IrFunction, TypeRef } from "./ir.js";
import { FunctionContext, type PackageState } from "./lowering-context.js";
import { declareSignature, type SignatureParts, signatureParts, typeParamNames } from "./signature.js";
import type { SourceText } from "./source-text.js";
import { lowerStatements } from "./statements.js";
import { namedKids } from "./syntax.js";

export interface FileState {
  src: SourceText;
  imports: ImportTable;
}

/** Why a body was left out, for the printer and for readers of the IR. */
export const NOT_LOWERED = "not lowered: its body mentions nothing map hazards depend on";

/**
 * A top-level function or method declaration. `name` is the name to give it
 * (`init#2` for a second init). Without `full`, only its signature: one empty
 * entry block that returns, so its id, name and Vars stay for the call graph.
 */
export function lowerDeclaration(pkg: PackageState, file: FileState, node: Node, nameOf: (name: string) => string, full = true): IrFunction {
  const parts = signatureParts(node);
  const own = typeParamNames(file.src, parts.typeParams);
  const receiver = parts.receiver ? receiverOf(file, parts.receiver.node) : null;
  const base = parts.name ? file.src.textOf(parts.name.node) : "?";
  const name = receiver ? `(${receiver.pointer ? "*" : ""}${receiver.type}).${base}` : nameOf(base);
  const b = new FunctionBuilder(
    {
      id: pkg.functions.length,
      name,
      path: file.src.path,
      kind: receiver ? "method" : "func",
      receiver: receiver ? { type: receiver.type, pointer: receiver.pointer } : null,
      typeParams: [...(receiver?.typeParams ?? []), ...own],
      parent: null,
      span: file.src.spanOf(node),
    },
    null,
  );
  pkg.functions.push(b.fn);
  const cx = new FunctionContext(pkg, file.src, file.imports, b, null, 0);
  if (full) lowerBody(cx, parts, node);
  else {
    for (const t of b.fn.typeParams) cx.scope.declareType(t);
    declareSignature(cx, parts);
    b.note(NOT_LOWERED);
    b.terminate({ kind: "return" });
  }
  return b.fn;
}

const CLOSURE_DEPTH = 4;

/** A function literal met while lowering `outer`: a closure of its own. */
export function lowerClosure(outer: FunctionContext, node: Node): number {
  const pkg = outer.pkg;
  const parent = outer.b;
  parent.closures++;
  const b = new FunctionBuilder(
    {
      id: pkg.functions.length,
      name: `${parent.fn.name}$${parent.closures}`,
      path: parent.fn.path,
      kind: "closure",
      receiver: null,
      typeParams: parent.fn.typeParams,
      parent: parent.id,
      span: outer.spanOf(node),
    },
    parent,
  );
  pkg.functions.push(b.fn);
  // A literal costs more stack than one statement level: it counts as CLOSURE_DEPTH of them.
  const cx = new FunctionContext(pkg, outer.src, outer.imports, b, outer.scope, outer.depth + CLOSURE_DEPTH);
  cx.nested(undefined, () => lowerBody(cx, signatureParts(node), node));
  // Dropped for depth: an empty body.
  if (cx.b.open) cx.b.terminate({ kind: "return" });
  return b.fn.id;
}

function lowerBody(cx: FunctionContext, parts: SignatureParts, node: Node): void {
  for (const t of cx.b.fn.typeParams) cx.scope.declareType(t);
  declareSignature(cx, parts);
  if (parts.body) {
    if (parts.body.node.hasError) cx.b.fn.broken = true;
    // Parameters, results and the body's own declarations share one scope.
    lowerStatements(cx, namedKids(parts.body.node));
  } else if (node.hasError) cx.b.fn.broken = true;
  if (cx.b.open) cx.b.terminate({ kind: "return" });
  dropUnreachable(cx.b.fn);
}

interface ReceiverInfo {
  type: string;
  pointer: boolean;
  typeParams: string[];
}

/** `(c *Cache[K, V])` -> Cache, pointer, [K, V]. Reads the type from syntax only: the receiver Var is declared with the rest of the signature. */
function receiverOf(file: FileState, list: Node): ReceiverInfo | null {
  const decl = namedKids(list)[0];
  if (!decl) return null;
  const kids = namedKids(decl.node);
  const typeKid = kids[kids.length - 1];
  if (!typeKid) return null;
  return unwrapReceiver(typeRef(typeKid.node, file.imports));
}

function unwrapReceiver(type: TypeRef): ReceiverInfo | null {
  let pointer = false;
  let t = type;
  if (t.kind === "pointer") {
    pointer = true;
    t = t.elem;
  }
  if (t.kind !== "named") return { type: t.text, pointer, typeParams: [] };
  return { type: t.name, pointer, typeParams: t.args.map((a) => a.text) };
}
