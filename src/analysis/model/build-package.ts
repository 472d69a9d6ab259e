// Builds a package's model in one walk: package-level declarations of every
// file first (a function may use a map declared in a sibling file), then each
// function body that can matter.
import type { Node } from "web-tree-sitter";
import { F, T } from "../go/grammar.js";
import { expressions, field, fields, kids } from "../go/nodes.js";
import { locationOf } from "../go/position.js";
import { varDeclarationSite, varSpecs } from "./declarations.js";
import { fileModel } from "./file-facts.js";
import { GoroutineRecorder } from "./goroutine-recorder.js";
import { type EventSink, FunctionWalker } from "./function-walk.js";
import { buildLibraryFacts } from "./library-model.js";
import { buildLockModel } from "./lock-model.js";
import { classifyValue, mapTypeText, resolveNamedMapTypes } from "./map-types.js";
import type { FileModel, FunctionModel, MapEvent, MapSymbol, PackageModel } from "./model-types.js";
import { relevanceTest } from "./relevance.js";
import { Scope } from "./scope.js";
import { buildStructModel } from "./struct-model.js";
import { StructTracker } from "./struct-tracker.js";

export interface ParsedFile {
  path: string;
  text: string;
  packageName: string;
  root: Node;
}

interface FileDecls {
  file: ParsedFile;
  model: FileModel;
  /** Top-level declarations, fetched once: every child fetch crosses into WASM. */
  top: Node[];
  functions: Node[];
  vars: Node[];
}

export function buildPackageModel(dir: string, name: string, files: readonly ParsedFile[]): PackageModel {
  const decls = files.map(collectDeclarations);
  const typeSpecs = new Map<string, Node>();
  for (const d of decls) for (const [n, t] of topLevelTypes(d.top)) typeSpecs.set(n, t);
  const namedMapTypes = resolveNamedMapTypes(typeSpecs);

  const symbols: MapSymbol[] = [];
  const events = new Map<number, MapEvent[]>();
  const functions: FunctionModel[] = [];
  const packageScope = new Scope(null);
  const relevantWords: string[] = [];
  const newSymbol = (init: Omit<MapSymbol, "id">): MapSymbol => {
    const symbol = { ...init, id: symbols.length };
    symbols.push(symbol);
    return symbol;
  };
  const structs = buildStructModel(
    decls.map((d) => ({ path: d.file.path, top: d.top, functions: d.functions })),
    namedMapTypes,
    newSymbol,
  );
  const goroutines = new GoroutineRecorder();
  const locks = buildLockModel(
    decls.map((d) => d.top),
    structs.sink.index.types.values(),
    (type, fieldName) => structs.sink.index.field(type, fieldName)?.field.structType ?? null,
  );
  const sinkFor = (d: FileDecls): EventSink => ({
    goroutines,
    named: namedMapTypes,
    text: d.file.text,
    relevantWords,
    path: d.file.path,
    lines: d.model.lines,
    structs: structs.sink,
    locks: locks.sink,
    newSymbol,
    event: (e) => {
      const list = events.get(e.symbol.id);
      if (list) list.push(e);
      else events.set(e.symbol.id, [e]);
    },
  });

  const declaredTwice = new Set<string>();
  for (const d of decls) declarePackageVars(d, sinkFor(d), packageScope, declaredTwice);
  // Two declarations of one name are files for different builds (build tags):
  // which one a use refers to is unknown, so neither is a known map.
  for (const name of declaredTwice) packageScope.declare(name, null);
  const packageMapNames = symbols.filter((s) => s.kind === "package").map((s) => s.name);
  const packageStructNames = structs.structValues.map((v) => v.name);
  relevantWords.push(...namedMapTypes.keys(), ...packageMapNames, ...structs.words, ...packageStructNames);
  // A function that starts a goroutine makes another function's body concurrent.
  relevantWords.push("go");
  const relevant = relevanceTest(relevantWords);

  for (const d of decls) {
    const sink = sinkFor(d);
    const text = d.file.text;
    for (const spec of d.vars) {
      const value = field(spec, F.value);
      if (!value || !relevant(text.slice(value.startIndex, value.endIndex))) continue;
      const fn = newFunction(functions, d.file.path, spec, "(package-level initialiser)", null);
      const walked = new FunctionWalker(sink, packageScope, fn.index, value).walkExpression(value);
      Object.assign(fn, { walked: true, hasGoto: walked.hasGoto });
    }
    for (const node of d.functions) {
      const fnName = field(node, F.name)?.text ?? "";
      const receiver = node.type === T.methodDeclaration ? receiverTypeName(node) : null;
      const fn = newFunction(functions, d.file.path, node, fnName, receiver);
      if (!relevant(text.slice(node.startIndex, node.endIndex))) continue;
      const walked = new FunctionWalker(sink, packageScope, fn.index, node).walkDeclaration(node);
      Object.assign(fn, { walked: true, hasGoto: walked.hasGoto });
    }
  }

  const fileOrder = new Map(files.map((f, i) => [f.path, i]));
  for (const list of events.values()) {
    list.sort((a, b) => (fileOrder.get(a.location.path) ?? 0) - (fileOrder.get(b.location.path) ?? 0) || a.at - b.at);
  }
  const brokenText = decls
    .flatMap((d) => d.model.errorSpans.map((s) => d.file.text.slice(s.start, s.end)))
    .join("\n");
  const { structTypes, constructions, structValues } = structs;
  const concurrency = goroutines.finish(functions, (path) => files.find((f) => f.path === path)?.text ?? "");
  const library = buildLibraryFacts(
    decls.map((d) => ({ path: d.file.path, text: d.file.text, lines: d.model.lines, top: d.top, functions: d.functions })),
    functions,
    structTypes.values(),
  );
  return { dir, name, files: decls.map((d) => d.model), functions, symbols, events, namedMapTypes, structTypes, constructions, structValues, concurrency, locks: locks.facts, brokenText, library };
}

function collectDeclarations(file: ParsedFile): FileDecls {
  const functions: Node[] = [];
  const vars: Node[] = [];
  const top = kids(file.root);
  for (const node of top) {
    if (node.type === T.functionDeclaration || node.type === T.methodDeclaration) functions.push(node);
    else if (node.type === T.varDeclaration) for (const { spec } of varSpecs(node)) vars.push(spec);
  }
  return { file, model: fileModel(file.path, file.text, file.packageName, file.root), top, functions, vars };
}

function topLevelTypes(top: readonly Node[]): [string, Node][] {
  const out: [string, Node][] = [];
  for (const node of top) {
    if (node.type !== T.typeDeclaration) continue;
    for (const spec of kids(node)) {
      const name = field(spec, F.name);
      const type = field(spec, F.type);
      // Generic named maps (`type M[K comparable, V any] map[K]V`) count as maps too.
      if (name && type && (spec.type === T.typeSpec || spec.type === T.typeAlias)) out.push([name.text, type]);
    }
  }
  return out;
}

function declarePackageVars(d: FileDecls, sink: EventSink, scope: Scope, declaredTwice: Set<string>): void {
  const structs = new StructTracker(sink.structs);
  const place = { path: d.file.path, lines: d.model.lines, functionIndex: -1, closure: 0 };
  for (const node of d.top) {
    if (node.type !== T.varDeclaration) continue;
    for (const { spec, grouped } of varSpecs(node)) {
      const names = fields(spec, F.name);
      const values = expressions(field(spec, F.value));
      const declaredType = mapTypeText(field(spec, F.type), sink.named);
      names.forEach((nameNode, i) => {
        const facts = values.length === names.length ? classifyValue(values[i], sink.named) : null;
        const typeText = declaredType ?? facts?.mapType ?? null;
        if (scope.declaresHere(nameNode.text)) declaredTwice.add(nameNode.text);
        if (!typeText) {
          scope.declare(nameNode.text, null);
          const value = values.length === names.length ? values[i] : null;
          structs.declare(scope, nameNode, field(spec, F.type), value, "package", place);
          return;
        }
        const nil = values.length === 0 || facts?.source === "nil";
        const symbol = sink.newSymbol({
          name: nameNode.text,
          kind: "package",
          path: d.file.path,
          declared: locationOf(d.file.path, nameNode),
          at: nameNode.startIndex,
          typeText,
          nilAtDeclaration: nil,
          exported: /^\p{Lu}/u.test(nameNode.text),
          declaration: nil ? varDeclarationSite(d.model.lines, node, spec, grouped) : null,
          functionIndex: -1,
          closure: 0,
        });
        scope.declare(nameNode.text, symbol);
      });
    }
  }
}

function newFunction(functions: FunctionModel[], path: string, node: Node, name: string, receiver: string | null): FunctionModel {
  const fn: FunctionModel = {
    index: functions.length,
    name,
    path,
    receiver,
    isInit: name === "init" && receiver === null && node.type === T.functionDeclaration,
    span: { start: node.startIndex, end: node.endIndex },
    broken: node.hasError,
    hasGoto: false,
    walked: false,
  };
  functions.push(fn);
  return fn;
}

function receiverTypeName(method: Node): string | null {
  const list = field(method, F.receiver);
  const param = list ? kids(list)[0] : undefined;
  let type = param ? field(param, F.type) : null;
  while (type && (type.type === T.pointerType || type.type === T.genericType || type.type === T.parenthesizedType)) {
    type = type.type === T.genericType ? field(type, F.type) : (kids(type)[0] ?? null);
  }
  return type?.text ?? null;
}
