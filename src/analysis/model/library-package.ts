// Package-level library maps: `var h http.Header` or `var v url.Values` (or
// `= nil`) at the top of a file, that nothing in the package ever assigns.
// Every mention of the name in every file of the package is classified; any
// mention that is not a write through `Set`/`Add`/index or a plain read
// (an assignment, `&h`, passing it, a nil check, a declaration of the same
// name, any mention in a condition) leaves the variable untracked. The
// rule then reports the first write of each function (see
// library-map-write.ts).
import type { Node } from "web-tree-sitter";
import { F, T } from "../go/grammar.js";
import { expressions, field, fields, kids, unparen } from "../go/nodes.js";
import { locationOf } from "../go/position.js";
import { varDeclarationSite, varSpecs } from "./declarations.js";
import type { LibrarySource } from "./library-model.js";
import { libraryNames, qualifiedName } from "./library-shapes.js";
import { LIBRARY_READ_METHODS, LIBRARY_WRITE_METHODS, type LibraryUse, type LibraryValue } from "./library-types.js";
import type { FunctionModel } from "./model-types.js";

interface Candidate {
  file: LibrarySource;
  declaration: Node;
  spec: Node;
  grouped: boolean;
  name: Node;
  typeText: string;
  create: LibraryValue["create"];
}

interface Mention {
  kind: LibraryUse["kind"];
  how: string;
  node: Node;
  file: LibrarySource;
  /** The enclosing function declaration, or null at package level. */
  fn: Node | null;
  inClosure: boolean;
}

export function packageLibraryValues(
  files: readonly LibrarySource[],
  functions: readonly FunctionModel[],
  newValue: (init: Omit<LibraryValue, "id">) => LibraryValue,
): void {
  const candidates = findCandidates(files);
  if (candidates.length === 0) return;
  const byStart = new Map(functions.map((f) => [`${f.path}:${f.span.start}`, f]));
  for (const c of candidates) {
    const word = new RegExp(`\\b${c.name.text}\\b`);
    // A region the parser could not read may hold the assignment; `go:linkname` lets another package own it.
    if (files.some((f) => f.top.some((n) => n.hasError && word.test(n.text)))) continue;
    if (files.some((f) => new RegExp(`^//go:linkname\\s+${c.name.text}\\s`, "m").test(f.text))) continue;
    const mentions: Mention[] = [];
    for (const file of files) {
      if (!word.test(file.text)) continue;
      for (const top of file.top) collect(top, c, file, null, false, mentions);
    }
    if (mentions.some((m) => m.kind === "other")) continue;
    const exported = /^[A-Z]/.test(c.name.text);
    const seen = new Set<number>();
    for (const m of mentions) {
      const model = m.fn ? byStart.get(`${m.file.path}:${m.fn.startIndex}`) : undefined;
      if (m.kind !== "write" || !model || model.broken || seen.has(model.index)) continue;
      // Another package may assign an exported map before calling in; only `init` surely runs first.
      if (exported && !(model.isInit && !m.inClosure)) continue;
      seen.add(model.index);
      newValue(valueOf(c, model, m));
    }
  }
}

function valueOf(c: Candidate, model: FunctionModel, write: Mention): Omit<LibraryValue, "id"> {
  const statement = locationOf(write.file.path, statementOf(write.node));
  return {
    name: c.name.text,
    path: c.file.path,
    functionIndex: model.index,
    closure: 0,
    form: "package",
    field: null,
    typeText: c.typeText,
    mapText: c.name.text,
    mapTypeText: c.typeText,
    create: c.create,
    declared: locationOf(c.file.path, c.name),
    at: c.name.startIndex,
    after: c.declaration.endIndex,
    statement: locationOf(c.file.path, c.grouped ? c.spec : c.declaration),
    block: { start: 0, end: c.file.text.length },
    loops: [],
    declaration: varDeclarationSite(c.file.lines, c.declaration, c.spec, c.grouped),
    literal: null,
    uses: [{ kind: "write", how: write.how, at: write.node.startIndex, statement, closure: 0, loops: [] }],
  };
}

function findCandidates(files: readonly LibrarySource[]): Candidate[] {
  const out: Candidate[] = [];
  const declaredNames = new Map<string, number>();
  for (const file of files) {
    for (const top of file.top) for (const n of topNames(top)) declaredNames.set(n, (declaredNames.get(n) ?? 0) + 1);
  }
  for (const file of files) {
    const names = libraryNames(file.top);
    if (!names || names.maps.size === 0) continue;
    for (const declaration of file.top) {
      if (declaration.type !== T.varDeclaration) continue;
      for (const { spec, grouped } of varSpecs(declaration)) {
        const specNames = fields(spec, F.name);
        const values = expressions(field(spec, F.value));
        const qualified = qualifiedName(field(spec, F.type));
        const mapType = qualified ? names.maps.get(qualified) : undefined;
        const name = specNames[0];
        if (specNames.length !== 1 || !name || name.text === "_" || !qualified || !mapType) continue;
        if (values.length > 1 || (values.length === 1 && unparen(values[0]).type !== T.nil)) continue;
        if (declaredNames.get(name.text) !== 1) continue;
        out.push({ file, declaration, spec, grouped, name, typeText: qualified, create: mapType.create });
      }
    }
  }
  return out;
}

/** Names a top-level declaration introduces (vars, consts, types, functions). */
function topNames(top: Node): string[] {
  if (top.type === T.functionDeclaration) return [field(top, F.name)?.text ?? ""];
  if (top.type === T.methodDeclaration) return [];
  const out: string[] = [];
  const visit = (n: Node) => {
    for (const k of kids(n)) {
      for (const name of fields(k, F.name)) out.push(name.text);
      if (k.type !== T.identifier) visit(k);
    }
  };
  visit(top);
  return out;
}

function collect(node: Node, c: Candidate, file: LibrarySource, fn: Node | null, inClosure: boolean, out: Mention[]): void {
  const type = node.type;
  if (type === T.identifier) {
    if (node.text === c.name.text && node.startIndex !== c.name.startIndex) out.push({ ...classify(node), node, file, fn, inClosure });
    return;
  }
  let innerFn = fn;
  if (type === T.functionDeclaration || type === T.methodDeclaration) {
    // A parameter, receiver or result of that name hides the variable in the whole body.
    const own = [field(node, F.receiver), field(node, F.parameters), field(node, F.result)];
    if (own.some((p) => p !== null && declaresName(p, c.name.text))) return;
    innerFn = node;
  }
  const closure = inClosure || type === T.funcLiteral;
  for (const k of kids(node)) collect(k, c, file, innerFn, closure, out);
}

function declaresName(node: Node, name: string): boolean {
  if (node.type === T.identifier) return node.text === name;
  return kids(node).some((k) => declaresName(k, name));
}

function classify(id: Node): Pick<Mention, "kind" | "how"> {
  const other = { kind: "other", how: "" } as const;
  if (inCondition(id)) return other;
  const parent = id.parent;
  if (!parent) return other;
  if (parent.type === T.selectorExpression && field(parent, F.operand)?.equals(id)) {
    const method = field(parent, F.field)?.text ?? "";
    const call = parent.parent;
    if (call?.type !== T.callExpression || !field(call, F.function)?.equals(parent)) return other;
    if (LIBRARY_WRITE_METHODS.has(method)) return { kind: "write", how: method };
    return LIBRARY_READ_METHODS.has(method) ? { kind: "read", how: method } : other;
  }
  if (parent.type === T.indexExpression && field(parent, F.operand)?.equals(id)) {
    const list = parent.parent;
    const assign = list?.parent;
    const written = list?.type === T.expressionList && assign?.type === T.assignmentStatement && field(assign, F.left)?.equals(list);
    return written ? { kind: "write", how: "index" } : { kind: "read", how: "index" };
  }
  if (parent.type === T.rangeClause && field(parent, F.right)?.equals(id)) return { kind: "read", how: "range" };
  const call = parent.type === T.argumentList ? parent.parent : null;
  const callee = call ? field(call, F.function) : null;
  if (callee?.type === T.identifier && callee.text === "len" && kids(parent).length === 1) return { kind: "read", how: "len" };
  return other;
}

/** What an if/for/switch holds besides its header: bodies, cases, an `else if`, a range clause. */
const BODY_TYPES: ReadonlySet<string> = new Set([T.block, T.rangeClause, T.ifStatement, T.expressionCase, T.typeCase, T.defaultCase]);

/** Inside the header of an if/for/switch: any mention there may be a nil check guarding the body. */
function inCondition(node: Node): boolean {
  for (let n: Node | null = node; n?.parent; n = n.parent) {
    const p: Node = n.parent;
    if (p.type === T.funcLiteral || p.type === T.functionDeclaration || p.type === T.methodDeclaration) return false;
    const header =
      p.type === T.ifStatement || p.type === T.forStatement || p.type === T.forClause || p.type === T.expressionSwitchStatement || p.type === T.typeSwitchStatement;
    if (header && !BODY_TYPES.has(n.type)) return true;
  }
  return false;
}

function statementOf(node: Node): Node {
  for (let n: Node | null = node; n; n = n.parent) {
    const p = n.parent;
    if (!p || p.type === T.block || p.type === T.statementList) return n;
  }
  return node;
}
