// Shared by the lowering tests: Go source in, PackageIr (or its printed form) out, trees always freed.
import { loadGo } from "../../../src/analysis/go/load-go.js";
import type { PackageIr } from "../../../src/analysis/lower/ir.js";
import { lowerPackage } from "../../../src/analysis/lower/lower-package.js";
import { printPackage } from "../../../src/analysis/lower/print-ir.js";

export interface GoSource {
  path: string;
  text: string;
}

/** Lowers every body unless `relevance` asks for the analysis default (only the bodies that can matter). */
export async function lower(files: GoSource[] | string, options: { relevance?: boolean } = {}): Promise<PackageIr> {
  const list = typeof files === "string" ? [{ path: "p/a.go", text: files }] : files;
  const { parser } = await loadGo();
  const trees = list.map((f) => {
    const tree = parser.parse(f.text);
    if (!tree) throw new Error(`[mapguard] test: could not parse ${f.path}`);
    return tree;
  });
  try {
    return lowerPackage(list.map((f, i) => ({ path: f.path, text: f.text, root: trees[i].rootNode })), { all: !options.relevance });
  } finally {
    for (const tree of trees) tree.delete();
  }
}

export async function lowerAndPrint(files: GoSource[] | string, func?: string): Promise<string> {
  return printPackage(await lower(files), func === undefined ? {} : { func });
}

/** A Go function body wrapped into a file. */
export function inFunc(body: string, extra = ""): string {
  return `package p\n${extra}\nfunc f(m map[string]int, p *T) {\n${body}\n}\n`;
}
