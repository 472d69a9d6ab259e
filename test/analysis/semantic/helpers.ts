// Shared by the semantic-layer tests: real Go sources through the real parser,
// declarations and lowering, every tree freed before the model is built.
import type { Tree } from "web-tree-sitter";
import { loadGo } from "../../../src/analysis/go/load-go.js";
import type { IrFunction } from "../../../src/analysis/lower/ir.js";
import { lowerPackage } from "../../../src/analysis/lower/lower-package.js";
import { readDeclarations } from "../../../src/analysis/semantic/read-declarations.js";
import { buildSemanticModel, type SemanticModel } from "../../../src/analysis/semantic/semantic-model.js";
import type { PackageDecls } from "../../../src/analysis/semantic/decl-types.js";

/** One file (`p/a.go`) or several by path. */
export type Sources = string | Record<string, string>;

function fileList(sources: Sources): { path: string; text: string }[] {
  const files = typeof sources === "string" ? { "p/a.go": sources } : sources;
  return Object.entries(files).map(([path, text]) => ({ path, text }));
}

export async function declarationsOf(sources: Sources): Promise<PackageDecls> {
  const { parser } = await loadGo();
  const trees: Tree[] = [];
  try {
    const files = fileList(sources).map((f) => {
      const tree = parser.parse(f.text);
      if (!tree) throw new Error(`[mapguard test] ${f.path} did not parse`);
      trees.push(tree);
      return { ...f, root: tree.rootNode };
    });
    return readDeclarations(files);
  } finally {
    for (const t of trees) t.delete();
  }
}

export async function modelOf(sources: Sources): Promise<SemanticModel> {
  const { parser } = await loadGo();
  const trees: Tree[] = [];
  let built: { decls: PackageDecls; ir: ReturnType<typeof lowerPackage> };
  try {
    const files = fileList(sources).map((f) => {
      const tree = parser.parse(f.text);
      if (!tree) throw new Error(`[mapguard test] ${f.path} did not parse`);
      trees.push(tree);
      return { ...f, root: tree.rootNode };
    });
    built = { decls: readDeclarations(files), ir: lowerPackage(files, { all: true }) };
  } finally {
    for (const t of trees) t.delete();
  }
  // Built after the trees are gone: nothing past declarations may need them.
  return buildSemanticModel(built.decls, built.ir);
}

export function fn(m: SemanticModel, name: string): IrFunction {
  const found = m.ir.functions.find((f) => f.name === name);
  if (!found) throw new Error(`[mapguard test] no function ${name}: ${m.ir.functions.map((f) => f.name).join(", ")}`);
  return found;
}

/** Names of everything `caller` may call, sorted: the compact form call-graph tests assert on. */
export function calleesOf(m: SemanticModel, caller: string): string[] {
  const f = fn(m, caller);
  const names = new Set<string>();
  for (const s of m.callGraph.sites) if (s.fn === f.id) for (const t of s.targets) names.add(m.ir.functions[t.fn].name);
  return [...names].sort();
}

/** Names of what the call on 1-based `line` of `caller` may call. */
export function calleesAt(m: SemanticModel, caller: string, line: number): string[] {
  const f = fn(m, caller);
  const names = new Set<string>();
  for (const s of m.callGraph.sites) {
    if (s.fn !== f.id || s.span.line !== line) continue;
    for (const id of m.callGraph.callees(f.id, s)) names.add(m.ir.functions[id].name);
  }
  return [...names].sort();
}

/** A Var of `f` by name. */
export function varOf(f: IrFunction, name: string): number {
  const v = f.vars.find((x) => x.name === name);
  if (!v) throw new Error(`[mapguard test] no var ${name} in ${f.name}: ${f.vars.map((x) => x.name).join(", ")}`);
  return v.id;
}

/** The 1-based line of the first line of `source` containing `text`. */
export function lineOf(source: string, text: string): number {
  const i = source.split("\n").findIndex((l) => l.includes(text));
  if (i < 0) throw new Error(`[mapguard test] no line with ${text}`);
  return i + 1;
}
