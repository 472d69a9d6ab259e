// How long the analysis of one package may take. Parsing has its own budget
// per file; this one covers everything after it too — lowering, the semantic
// model, summaries and rules — so that no input, however shaped, holds a
// worker for long. Work that can grow faster than its input calls check()
// in its loops; a package over budget is reported as not analysed, never as
// clean.

/** Default time for a small package, parse included. */
export const DEFAULT_PACKAGE_BUDGET_MS = 10_000;
/** And for every further 100 KB of source: 0.1 s of work on a quiet machine, so a loaded one has room. */
export const BUDGET_MS_PER_100KB = 2_000;

/**
 * The default budget of a package of `chars` characters of source. The
 * budget is wall time, so a worker sharing its core with others runs slower
 * against it: a flat 10 s gave up the largest packages of the standard
 * library (cmd/compile/internal/ssa, 8.5 MB, about 3 s alone) on a loaded
 * machine, while what the budget is for — a small input that makes some
 * pass quadratic — stays near 10 s.
 */
export function defaultPackageBudgetMs(chars: number): number {
  return DEFAULT_PACKAGE_BUDGET_MS + Math.ceil(chars / 100_000) * BUDGET_MS_PER_100KB;
}

export class OverBudgetError extends Error {
  constructor(
    readonly stage: string,
    readonly budgetMs: number,
  ) {
    super(`the analysis took longer than its budget of ${budgetMs / 1000} s (stopped in ${stage})`);
    this.name = "OverBudgetError";
  }
}

/** Calls between two readings of the clock: check() sits in hot loops. */
const STRIDE = 1024;

export class Budget {
  private readonly deadline: number;
  private calls = 0;

  constructor(
    readonly ms: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.deadline = now() + ms;
  }

  /** Throws OverBudgetError once the time is spent. `stage` names the work, for the report. */
  check(stage: string): void {
    if (++this.calls % STRIDE !== 0 && this.calls !== 1) return;
    if (this.now() > this.deadline) throw new OverBudgetError(stage, this.ms);
  }

  /** Reads the clock now, whatever the stride (between phases). */
  checkNow(stage: string): void {
    if (this.now() > this.deadline) throw new OverBudgetError(stage, this.ms);
  }
}

/** A budget that never runs out, for callers that build a layer outside an analysis (tests, `mapguard ir`). */
export const NO_BUDGET = new Budget(Number.POSITIVE_INFINITY);
