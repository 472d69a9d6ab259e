// What a rule on the semantic layer reads: one package's files (lines and
// syntax-error regions, for fixes and placement), its IR and semantic model,
// and the summaries composed over them. Summaries are built on first use and
// shared by every rule, so a rule that needs none costs none.
import { type Budget, NO_BUDGET } from "./budget.js";
import { buildConcurrency } from "./concurrency/build-concurrency.js";
import type { Concurrency } from "./concurrency/context-types.js";
import type { PackageIr } from "./lower/ir.js";
import type { FileModel } from "./file-model.js";
import type { SemanticModel } from "./semantic/semantic-model.js";
import { buildAccessSummaries } from "./summaries/build-access-summaries.js";
import { buildNilSummaries, type NilSummaries } from "./summaries/nil/build-nil-summaries.js";
import type { AccessSummaries } from "./summaries/summary-types.js";

export interface PackageFacts {
  dir: string;
  name: string;
  files: readonly FileModel[];
  ir: PackageIr;
  semantic: SemanticModel;
  /** The package's time budget: work that can grow faster than its input checks it in its loops. */
  budget: Budget;
  accessSummaries(): AccessSummaries;
  nilSummaries(): NilSummaries;
  concurrency(): Concurrency;
}

export function packageFacts(
  dir: string,
  name: string,
  files: readonly FileModel[],
  ir: PackageIr,
  semantic: SemanticModel,
  budget: Budget = NO_BUDGET,
): PackageFacts {
  let access: AccessSummaries | undefined;
  let nil: NilSummaries | undefined;
  let concurrency: Concurrency | undefined;
  const pkg = { ir, semantic };
  return {
    dir,
    name,
    files,
    ir,
    semantic,
    budget,
    accessSummaries: () => (access ??= buildAccessSummaries(pkg)),
    nilSummaries: () => (nil ??= buildNilSummaries(pkg, { demanded: true })),
    concurrency: () => (concurrency ??= buildConcurrency(pkg)),
  };
}
