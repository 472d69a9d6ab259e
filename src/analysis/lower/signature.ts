// A function's receiver, parameters, results and type parameters become its
// first Vars. Every result gets a Var, named or not (`~r0`, `~r1` for the
// unnamed ones, as the Go compiler calls them), so summaries can speak of
// result i; an unnamed or blank parameter gets none (the body cannot name it).
import type { Node } from "web-tree-sitter";
import { T } from "../go/grammar.js";
import type { TypeRef, VarKind } from "./ir.js";
import type { FunctionContext } from "./lowering-context.js";
import { simpleTypeRef, splitSimple, typeOf } from "./simple-values.js";
import type { SourceText } from "./source-text.js";
import { type Kid, namedKids } from "./syntax.js";

export interface SignatureParts {
  receiver: Kid | null;
  typeParams: Kid | null;
  params: Kid | null;
  result: Kid | null;
  body: Kid | null;
  name: Kid | null;
}

/** Tells the parts of a function or method declaration or a function literal apart by their types and order. */
export function signatureParts(node: Node): SignatureParts {
  const parts: SignatureParts = { receiver: null, typeParams: null, params: null, result: null, body: null, name: null };
  const isMethod = node.type === T.methodDeclaration;
  for (const k of namedKids(node)) {
    if (k.type === T.block) parts.body = k;
    else if (k.type === T.identifier || k.type === T.fieldIdentifier) parts.name = k;
    else if (k.type === "type_parameter_list") parts.typeParams = k;
    else if (k.type === T.parameterList && isMethod && !parts.receiver) parts.receiver = k;
    else if (k.type === T.parameterList && !parts.params) parts.params = k;
    else if (!parts.result && k.type !== T.error) parts.result = k;
  }
  return parts;
}

interface Declared {
  name: { text: string; start: number; end: number } | null;
  type: TypeRef;
}

/** The declarations of a parameter list, one entry per value (`a, b int` is two). */
function declarations(cx: FunctionContext, list: Kid): Declared[] {
  if (list.type !== T.parameterList) return [{ name: null, type: typeOf(cx, list) }];
  return simpleDeclarations(cx, list) ?? treeDeclarations(cx, list);
}

/** `(a, b int, opts ...string)` read from its text; null when a type is not simple. */
function simpleDeclarations(cx: FunctionContext, list: Kid): Declared[] | null {
  const pieces = splitSimple(cx.src.text, list.node.startIndex + 1, list.node.endIndex - 1);
  if (!pieces) return cx.src.text.slice(list.node.startIndex + 1, list.node.endIndex - 1).trim() === "" ? [] : null;
  const words = pieces.map((p) => p.text.split(/\s+/));
  if (words.some((w) => w.length > 2)) return null;
  const named = words.some((w) => w.length === 2);
  const out: Declared[] = [];
  let pendingNames: Declared["name"][] = [];
  for (let i = 0; i < pieces.length; i++) {
    const w = words[i];
    const typeText = named ? (w.length === 2 ? w[1] : null) : w[0];
    if (named) pendingNames.push({ text: w[0], start: pieces[i].start, end: pieces[i].start + w[0].length });
    if (typeText === null) continue;
    const variadic = typeText.startsWith("...");
    const elem = simpleTypeRef(variadic ? typeText.slice(3) : typeText, cx.imports);
    if (!elem) return null;
    const type: TypeRef = variadic ? { kind: "slice", text: `[]${elem.text}`, elem } : elem;
    if (!named) out.push({ name: null, type });
    for (const name of pendingNames) out.push({ name, type });
    pendingNames = [];
  }
  return pendingNames.length ? null : out;
}

function treeDeclarations(cx: FunctionContext, list: Kid): Declared[] {
  const out: Declared[] = [];
  for (const decl of namedKids(list.node)) {
    if (decl.type !== T.parameterDeclaration && decl.type !== T.variadicParameterDeclaration) continue;
    const kids = namedKids(decl.node);
    const typeKid = kids[kids.length - 1];
    const names = kids.filter((k) => k.type === T.identifier && k !== typeKid);
    let type: TypeRef = typeKid ? typeOf(cx, typeKid) : { kind: "other", text: "" };
    if (decl.type === T.variadicParameterDeclaration) type = { kind: "slice", text: `[]${type.text}`, elem: type };
    if (names.length === 0) out.push({ name: null, type });
    for (const n of names) out.push({ name: { text: cx.textOf(n.node), start: n.node.startIndex, end: n.node.endIndex }, type });
  }
  return out;
}

/** Declares the receiver, parameters and results of the function being lowered. Returns the receiver's type, if any. */
export function declareSignature(cx: FunctionContext, parts: SignatureParts): TypeRef | null {
  let receiverType: TypeRef | null = null;
  if (parts.receiver) {
    const [recv] = declarations(cx, parts.receiver);
    if (recv) {
      receiverType = recv.type;
      declare(cx, recv, "receiver", undefined);
    }
  }
  if (parts.params) {
    declarations(cx, parts.params).forEach((p, i) => {
      const id = declare(cx, p, "param", i);
      if (id !== null) cx.b.fn.params.push(id);
    });
  }
  if (parts.result) {
    declarations(cx, parts.result).forEach((r, i) => {
      const id = declare(cx, r, "result", i) ?? cx.b.addVar(`~r${i}`, "result", r.type, null, -1, i);
      cx.b.fn.results.push(id);
      if (r.name) cx.namedResults.push(id);
    });
  }
  return receiverType;
}

function declare(cx: FunctionContext, d: Declared, kind: VarKind, index: number | undefined): number | null {
  if (!d.name) return null;
  const { text: name, start, end } = d.name;
  if (name === "_") return null;
  const id = cx.b.addVar(name, kind, d.type, cx.src.span(start, end), start, index);
  cx.scope.declareVar(name, id);
  return id;
}

/** Type parameter names of `[K comparable, V any]`. */
export function typeParamNames(src: SourceText, list: Kid | null): string[] {
  if (!list) return [];
  const out: string[] = [];
  for (const decl of namedKids(list.node)) {
    for (const k of namedKids(decl.node)) if (k.type === T.identifier) out.push(src.textOf(k.node));
  }
  return out;
}
