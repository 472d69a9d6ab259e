// `mapguard analyze`: load -> analyse (worker threads) -> filter by the
// change (with --base) -> print. Resolves to the exit status.
import type { AnalyzeOptions } from "../analysis/types.js";
import { createAnalysisPool } from "../engine/pool.js";
import { analysedOnBothSides, reviewFindings } from "../review/filter.js";
import { failsAt } from "../review/summary.js";
import type { AnalyzeRequest } from "./args.js";
import { analyzeInPool } from "../engine/analyze-in-pool.js";
import { changesSince } from "./changes-since.js";
import { collectFiles } from "./collect-files.js";
import { moduleGoVersion } from "./module-go-version.js";
import type { Report } from "./format-output.js";
import { formatReport } from "./format-output.js";

export interface CliIO {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  cwd: string;
}

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_ERROR = 2;

export async function analyzeCommand(request: AnalyzeRequest, io: CliIO, toolVersion: string): Promise<number> {
  const options: AnalyzeOptions = {
    ...(request.maxFileBytes !== undefined ? { maxFileBytes: request.maxFileBytes } : {}),
    goVersion: await moduleGoVersion(io.cwd, request.paths[0] ?? "."),
  };
  const pool = createAnalysisPool();
  try {
    const report = request.base === undefined ? await analyzeTree(request, io, options, pool) : await analyzeChange(request, request.base, io, options, pool);
    io.stdout.write(formatReport(report, request.format, toolVersion));
    return report.findings.some((f) => failsAt(f.severity, request.failOn)) ? EXIT_FINDINGS : EXIT_OK;
  } finally {
    await pool.close();
  }
}

type Pool = ReturnType<typeof createAnalysisPool>;

async function analyzeTree(request: AnalyzeRequest, io: CliIO, options: AnalyzeOptions, pool: Pool): Promise<Report> {
  const collected = await collectFiles(io.cwd, request.paths, request.maxFileBytes);
  const result = await analyzeInPool(pool, collected.files, options);
  return { findings: result.findings, skipped: [...collected.skipped, ...result.skipped], notes: result.notes, analyzed: result.analyzed.length };
}

/** The same rule as a pull-request review: only what the change since `rev` causes. */
async function analyzeChange(request: AnalyzeRequest, rev: string, io: CliIO, options: AnalyzeOptions, pool: Pool): Promise<Report> {
  const change = await changesSince(io.cwd, rev, request.paths, request.maxFileBytes);
  const [head, base] = await Promise.all([analyzeInPool(pool, change.head, options), analyzeInPool(pool, change.base, options)]);
  const { reviewed, fixed } = reviewFindings({
    head: head.findings,
    base: base.findings,
    patches: change.patches,
    siblings: analysedOnBothSides(head.analyzed, base.analyzed),
  });
  return {
    findings: reviewed.filter((r) => r.introduced).map((r) => r.finding),
    skipped: [...change.skipped, ...head.skipped],
    notes: head.notes,
    analyzed: head.analyzed.length,
    base: { rev, fixed: fixed.length },
  };
}
