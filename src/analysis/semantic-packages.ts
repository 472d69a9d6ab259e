// Source files in, the semantic layer of each package out: parse, then, while
// the trees live, lower every function and read the declarations; names,
// types and the call graph are built over that plain data. analyze.ts builds
// the same layer through semanticLayer() for the rules that read it.
import type { Parser, Tree } from "web-tree-sitter";
import { type ParseOutcome, withParsedTrees } from "./go/parse.js";
import { groupByDirectory, packageNameOf } from "./group-packages.js";
import { lowerPackage } from "./lower/lower-package.js";
import type { PackageIr } from "./lower/ir.js";
import { readDeclarations } from "./semantic/read-declarations.js";
import { buildSemanticModel, type SemanticModel } from "./semantic/semantic-model.js";
import type { SourceFile } from "./types.js";
import type { Budget } from "./budget.js";

export interface SemanticPackage {
  dir: string;
  name: string;
  paths: string[];
  ir: PackageIr;
  semantic: SemanticModel;
}

export interface SemanticPackages {
  packages: SemanticPackage[];
  /** Files that could not be parsed, with the reason. */
  notes: { path: string; message: string }[];
}

export interface SemanticPackageOptions {
  /** Lower every body in full (`mapguard ir`); by default only the ones that can matter to map hazards. */
  all?: boolean;
  /** The package's time budget (analyze.ts); none by default. */
  budget?: Budget;
}

export function buildSemanticPackages(parser: Parser, files: readonly SourceFile[], options: SemanticPackageOptions = {}): SemanticPackages {
  const out: SemanticPackages = { packages: [], notes: [] };
  for (const group of groupByDirectory(files)) {
    const requests = group.files.map((f) => ({ path: f.path, text: f.text }));
    const lowered = withParsedTrees(parser, requests, (outcomes: ParseOutcome<Tree>[]) => {
      const byName = new Map<string, { path: string; text: string; root: Tree["rootNode"] }[]>();
      outcomes.forEach((outcome, i) => {
        const file = group.files[i];
        if (!outcome.ok) {
          out.notes.push({ path: file.path, message: outcome.reason });
          return;
        }
        const root = outcome.value.rootNode;
        const name = packageNameOf(root);
        byName.set(name, [...(byName.get(name) ?? []), { path: file.path, text: file.text, root }]);
      });
      // Everything kept past this callback is plain data: the trees are freed when it returns.
      return [...byName].map(([name, parsed]) => ({ name, paths: parsed.map((p) => p.path), ...semanticLayer(parsed, options) }));
    });
    for (const p of lowered) out.packages.push({ dir: group.dir, ...p });
  }
  return out;
}

/**
 * One package's IR and semantic model, from its parsed files. Call it while
 * the trees live: lowering and the declarations are the layer's only readers
 * of syntax; what it returns holds no node.
 */
export function semanticLayer(
  parsed: readonly { path: string; text: string; root: Tree["rootNode"] }[],
  options: SemanticPackageOptions = {},
): { ir: PackageIr; semantic: SemanticModel } {
  const ir = lowerPackage(parsed, { all: options.all, budget: options.budget });
  options.budget?.checkNow("lowering");
  return { ir, semantic: buildSemanticModel(readDeclarations(parsed), ir) };
}
