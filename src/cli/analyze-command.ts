// `mapguard analyze`: load -> analyse (worker threads) -> filter by the
// change (with --base) -> print. Resolves to the exit status.
import { realpath } from "node:fs/promises";
import { resolve } from "node:path";
import picomatch from "picomatch";
import type { AnalyzeOptions, SkippedFile } from "../analysis/types.js";
import { ruleSeverities } from "../config.js";
import type { MapguardConfig } from "../config.js";
import { createAnalysisPool } from "../engine/pool.js";
import { analysedOnBothSides, reviewFindings } from "../review/filter.js";
import { failsAt } from "../review/summary.js";
import type { FailOn } from "../review/summary.js";
import type { AnalyzeRequest } from "./args.js";
import { UsageError } from "./args.js";
import { analyzeInPool } from "../engine/analyze-in-pool.js";
import { changesSince } from "./changes-since.js";
import { collectFiles } from "./collect-files.js";
import type { Excluded } from "./collect-files.js";
import { loadCliConfig } from "./load-config.js";
import { moduleGoVersion } from "./module-go-version.js";
import type { Report } from "./format-output.js";
import { formatReport } from "./format-output.js";
import { progressOn } from "./progress.js";
import type { ProgressStream } from "./progress.js";
import { findRepositoryRoot, gitRepositoryRoot } from "./repository-root.js";

export interface CliIO {
  stdout: { write(text: string): unknown };
  /** Progress goes here only when `isTTY` is true. */
  stderr: ProgressStream;
  cwd: string;
}

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_ERROR = 2;
/** Some package could not be analysed (over budget, a bug of mapguard's) and no finding failed: not clean either. */
export const EXIT_UNANALYZED = 3;

/** What one run works on: where paths are shown from, the settings that apply. */
interface Workspace {
  root: string;
  /** The command line's paths, as absolute real paths. */
  targets: string[];
  config: MapguardConfig;
  failOn: FailOn;
  maxFileBytes: number;
  excluded: Excluded;
}

export async function analyzeCommand(request: AnalyzeRequest, io: CliIO, toolVersion: string): Promise<number> {
  const workspace = await openWorkspace(request, io);
  const options: AnalyzeOptions = {
    maxFileBytes: workspace.maxFileBytes,
    packageBudgetMs: request.packageBudgetMs,
    ruleSeverities: ruleSeverities(workspace.config),
    goVersion: await moduleGoVersion(io.cwd, request.paths[0] ?? "."),
  };
  const pool = createAnalysisPool();
  try {
    const report =
      request.base === undefined ? await analyzeTree(request, workspace, io, options, pool) : await analyzeChange(request, request.base, workspace, io, options, pool);
    io.stdout.write(formatReport(report, request.format, { toolVersion, root: workspace.root }));
    if (report.findings.some((f) => failsAt(f.severity, workspace.failOn))) return EXIT_FINDINGS;
    return report.unanalyzed.length > 0 ? EXIT_UNANALYZED : EXIT_OK;
  } finally {
    await pool.close();
  }
}

async function openWorkspace(request: AnalyzeRequest, io: CliIO): Promise<Workspace> {
  const targets: string[] = [];
  for (const arg of request.paths) {
    const real = await realpath(resolve(io.cwd, arg)).catch(() => null);
    if (real === null) throw new UsageError(`no such file or directory: ${arg}; give a Go file or directory that exists`);
    targets.push(real);
  }
  const first = targets[0] ?? (await realpath(io.cwd));
  const root =
    request.base !== undefined ? await gitRepositoryRoot(first, request.paths[0] ?? ".") : ((await findRepositoryRoot(first)) ?? (await realpath(io.cwd)));
  const { config } = await loadCliConfig(request, root, io.cwd);
  const globs = config.paths.exclude;
  return {
    root,
    targets,
    config,
    failOn: request.failOn ?? config.failOn,
    maxFileBytes: request.maxFileBytes ?? config.maxFileBytes,
    excluded: globs.length > 0 ? picomatch(globs, { dot: true }) : () => false,
  };
}

type Pool = ReturnType<typeof createAnalysisPool>;

async function analyzeTree(request: AnalyzeRequest, ws: Workspace, io: CliIO, options: AnalyzeOptions, pool: Pool): Promise<Report> {
  const collected = await collectFiles(ws.root, ws.targets, ws.maxFileBytes, { excluded: ws.excluded });
  // A CI job pointed at the wrong directory must not pass because it found nothing.
  if (collected.files.length === 0) throw new NoGoFilesError(request.paths, collected.skipped);
  const progress = progressOn(io.stderr, collected.files.length, request.quiet === true);
  let done = 0;
  let found = 0;
  try {
    const result = await analyzeInPool(pool, collected.files, options, (files, findings) => {
      done += files;
      found += findings;
      progress.update(done, found);
    });
    return {
      findings: result.findings,
      skipped: [...collected.skipped, ...result.skipped],
      notes: result.notes,
      analyzed: result.analyzed.length,
      unanalyzed: result.unanalyzed,
    };
  } finally {
    progress.done();
  }
}

/** The same rule as a pull-request review: only what the change since `rev` causes. */
async function analyzeChange(request: AnalyzeRequest, rev: string, ws: Workspace, io: CliIO, options: AnalyzeOptions, pool: Pool): Promise<Report> {
  const change = await changesSince(rev, { root: ws.root, cwd: io.cwd, paths: ws.targets, maxFileBytes: ws.maxFileBytes, excluded: ws.excluded });
  const progress = progressOn(io.stderr, change.head.length + change.base.length, request.quiet === true);
  let done = 0;
  let found = 0;
  const onBatch = (files: number, findings: number) => {
    done += files;
    found += findings;
    progress.update(done, found);
  };
  try {
    const [head, base] = await Promise.all([analyzeInPool(pool, change.head, options, onBatch), analyzeInPool(pool, change.base, options, onBatch)]);
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
      unanalyzed: head.unanalyzed,
      base: { rev, fixed: fixed.length },
    };
  } finally {
    progress.done();
  }
}

/** Nothing to analyse: exit status 2 with what was looked at and what was skipped. */
export class NoGoFilesError extends Error {
  constructor(paths: readonly string[], skipped: readonly SkippedFile[]) {
    const where = paths.join(", ");
    const skippedNote =
      skipped.length === 0
        ? ""
        : ` (${skipped.length} skipped: ${skipped
            .slice(0, 3)
            .map((s) => `${s.path}: ${s.reason}`)
            .join("; ")}${skipped.length > 3 ? "; ..." : ""})`;
    super(`[mapguard] no Go files to analyse in ${where}${skippedNote}; point mapguard analyze at a Go module or package directory`);
    this.name = "NoGoFilesError";
  }
}
