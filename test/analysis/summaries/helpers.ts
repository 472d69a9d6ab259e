// Go source in, access summaries out, through the same path production takes:
// the real parser, lowering, declarations and the semantic model.
import { loadGo } from "../../../src/analysis/go/load-go.js";
import { buildSemanticPackages, type SemanticPackage } from "../../../src/analysis/semantic-packages.js";
import { buildAccessSummaries, type SummaryOptions } from "../../../src/analysis/summaries/build-access-summaries.js";
import { describeSummary } from "../../../src/analysis/summaries/describe-summary.js";
import type { AccessSummaries, AccessSummary } from "../../../src/analysis/summaries/summary-types.js";

export interface Summarised {
  pkg: SemanticPackage;
  summaries: AccessSummaries;
  /** The summary of the function named `name` (`(*Cache).Set`, `main$1`). */
  of(name: string): AccessSummary;
  /** describeSummary of `name`, split into lines. */
  lines(name: string): string[];
}

/** One file (`p/a.go`) or several by path, all of one package. */
export async function summarise(sources: string | Record<string, string>, options: SummaryOptions = {}): Promise<Summarised> {
  const { parser } = await loadGo();
  const files = Object.entries(typeof sources === "string" ? { "p/a.go": sources } : sources).map(([path, text]) => ({ path, text }));
  const built = buildSemanticPackages(parser, files);
  if (built.packages.length !== 1) throw new Error(`[mapguard test] expected one package, got ${built.packages.length}`);
  const pkg = built.packages[0];
  const summaries = buildAccessSummaries(pkg, options);
  const of = (name: string): AccessSummary => {
    const fn = pkg.ir.functions.find((f) => f.name === name);
    if (!fn) throw new Error(`[mapguard test] no function ${name}: ${pkg.ir.functions.map((f) => f.name).join(", ")}`);
    return summaries.summaryOf(fn.id);
  };
  return { pkg, summaries, of, lines: (name) => describeSummary(pkg.ir, of(name)).split("\n").filter((l) => l !== "") };
}
