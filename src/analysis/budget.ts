// How long the analysis of one package may take. Parsing has its own budget
// per file; this one covers everything after it too — lowering, the semantic
// model, summaries and rules — so that no input, however shaped, holds a
// worker for long. Work that can grow faster than its input calls check()
// in its loops; a package over budget is reported as not analysed, never as
// clean.

/** Default time for one package, parse included. The largest package of the standard library takes under 3 s. */
export const DEFAULT_PACKAGE_BUDGET_MS = 10_000;

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
