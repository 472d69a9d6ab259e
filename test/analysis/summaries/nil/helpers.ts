// Go sources in, the nil summaries of their package out, through the real
// parser, lowering and semantic model.
import { loadGo } from "../../../../src/analysis/go/load-go.js";
import { buildSemanticPackages, type SemanticPackage } from "../../../../src/analysis/semantic-packages.js";
import { buildNilSummaries, type NilSummaries } from "../../../../src/analysis/summaries/nil/build-nil-summaries.js";

export interface Summarised {
  pkg: SemanticPackage;
  summaries: NilSummaries;
  /** The id of the function named `name` (`New`, `(*T).Set`, `f$1`). */
  id(name: string): number;
}

/** One file (`p/a.go`) or several by path, all of one package. */
export async function summarise(sources: string | Record<string, string>): Promise<Summarised> {
  const files = typeof sources === "string" ? { "p/a.go": sources } : sources;
  const { parser } = await loadGo();
  const built = buildSemanticPackages(parser, Object.entries(files).map(([path, text]) => ({ path, text })));
  const pkg = built.packages[0];
  if (!pkg || built.packages.length !== 1) throw new Error(`[mapguard test] expected one package, got ${built.packages.length}`);
  const summaries = buildNilSummaries(pkg);
  return {
    pkg,
    summaries,
    id: (name) => {
      const fn = pkg.ir.functions.find((f) => f.name === name);
      if (!fn) throw new Error(`[mapguard test] no function ${name} in ${pkg.ir.functions.map((f) => f.name).join(", ")}`);
      return fn.id;
    },
  };
}

/** The 1-based line of the first line of `source` containing `marker`. */
export function lineOf(source: string, marker: string): number {
  const i = source.split("\n").findIndex((l) => l.includes(marker));
  if (i < 0) throw new Error(`[mapguard test] no line with ${marker}`);
  return i + 1;
}
