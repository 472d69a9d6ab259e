// One analysis of one pull request head, top to bottom:
// load -> analyse (head and base) -> complete the check run -> post the review.
import type { ConfigResult, MapguardConfig } from "../config.js";
import { ruleSeverities } from "../config.js";
import { docsBaseUrl } from "../docs-url.js";
import { analyzeInPool } from "../engine/analyze-in-pool.js";
import type { AnalysisPool } from "../engine/pool.js";
import { parsePatch } from "../review/diff.js";
import type { FilePatch } from "../review/diff.js";
import { analysedOnBothSides, reviewFindings } from "../review/filter.js";
import type { ReviewedFinding } from "../review/filter.js";
import { renderComment } from "../review/render.js";
import type { ReviewComment } from "../review/render.js";
import { buildCheckOutput, errorCheckOutput } from "../review/summary.js";
import type { CheckOutput, Conclusion } from "../review/summary.js";
import { listPullFiles } from "./load/changed-files.js";
import type { PullFile } from "./load/changed-files.js";
import { loadPullRequest } from "./load/load-pull-request.js";
import { completeCheckRun, startCheckRun, supersededOutput, updateCheckSummary } from "./publish/check-run.js";
import { readPullState } from "./publish/pull-state.js";
import { ownComments, planReview, publishReview } from "./publish/review.js";
import type { OwnComment, ReviewPlan, ReviewRequest } from "./publish/review.js";
import { resolveFixedThreads } from "./publish/resolve-fixed.js";
import type { GitHubClient, Log, PullRequestTarget } from "./types.js";

export interface AnalyzePullRequestInput {
  octokit: GitHubClient;
  target: PullRequestTarget;
  /**
   * The parsed .github/mapguard.yml, or why it could not be used; a promise
   * lets its lookup run while the check run is created.
   */
  config: ConfigResult | Promise<ConfigResult>;
  pool: AnalysisPool;
  log?: Log;
}

export interface AnalyzePullRequestResult {
  checkRunId: number;
  conclusion: Conclusion;
}

export async function analyzePullRequest(input: AnalyzePullRequestInput): Promise<AnalyzePullRequestResult> {
  const { octokit, target, log } = input;
  const pendingConfig = Promise.resolve(input.config).catch((error: unknown): ConfigResult => ({ ok: false, error: reasonOf(error) }));
  // Reading and analysing need no check run: they start while it is created,
  // and only publishing waits for it (so nothing is published without one).
  const started = startCheckRun(octokit, target);
  // Listing the changed files needs no config either: it runs while the config is read.
  const files = listPullFiles(octokit, target);
  files.catch(() => undefined); // awaited by the analysis, or settled below
  let config: ConfigResult | undefined;
  const work = pendingConfig.then((c): Promise<Analysed> | Analysed => {
    config = c;
    return c.ok ? analyzeAndReview(input, c.config, started, files) : { output: failedOutput(c.error, "neutral") };
  });
  work.catch(() => undefined); // awaited below, once the run exists
  const checkRunId = await started;
  let analysed: Analysed | undefined;
  let completion: { error: unknown } | null = null;
  try {
    analysed = await work;
  } catch (error) {
    log?.error({ err: error }, "[mapguard] analysis failed");
    const known = config as ConfigResult | undefined;
    analysed = { output: failedOutput(reasonOf(error), known?.ok ? known.config.onError : "neutral") };
  } finally {
    // A run left in_progress blocks a required check for 14 days.
    const output = analysed?.output ?? failedOutput("mapguard stopped unexpectedly", "neutral");
    completion = await completeCheckRun(octokit, target, checkRunId, output).then(
      () => null,
      (error: unknown) => ({ error }),
    );
  }
  // The review follows the completed check (merge gating waits only for the
  // check, and writes go out a second apart); it is posted even when
  // completing the check failed, so no finding is lost.
  if (analysed.followUp) {
    const corrected = await analysed.followUp();
    if (corrected && completion === null) {
      await updateCheckSummary(octokit, target, checkRunId, corrected).catch((error: unknown) => {
        log?.warn({ err: error }, "[mapguard] could not correct the check summary after the review");
      });
    }
  }
  // Without a usable config the listing was never read: no request outlives the delivery.
  await files.then(
    () => undefined,
    () => undefined,
  );
  if (completion !== null) throw completion.error;
  return { checkRunId, conclusion: analysed.output.conclusion };
}

interface Analysed {
  output: CheckOutput;
  /**
   * Publishing after the check is complete: the review and the threads of
   * fixed findings. Resolves to the check's output corrected when fewer
   * inline comments landed than the output said; never rejects.
   */
  followUp?: () => Promise<CheckOutput | undefined>;
}

async function analyzeAndReview(
  input: AnalyzePullRequestInput,
  config: MapguardConfig,
  checkRunStarted: Promise<number>,
  files: Promise<PullFile[]>,
): Promise<Analysed> {
  const { octokit, target, pool, log } = input;
  const loaded = await loadPullRequest(octokit, target, { excludeGlobs: config.paths.exclude, maxFileBytes: config.maxFileBytes, files });

  const analyzeOptions = { maxFileBytes: config.maxFileBytes, ruleSeverities: ruleSeverities(config), goVersion: loaded.goVersion };
  const [head, base] = await Promise.all([
    loaded.head.length > 0 ? analyzeInPool(pool, loaded.head, analyzeOptions) : undefined,
    loaded.base.length > 0 ? analyzeInPool(pool, loaded.base, analyzeOptions) : undefined,
  ]);

  const patches = new Map<string, FilePatch>(loaded.changed.map((f) => [f.path, parsePatch(f.path, f.patch)]));
  const { reviewed, fixed } = reviewFindings({
    head: head?.findings ?? [],
    base: base?.findings ?? [],
    patches,
    siblings: analysedOnBothSides(head?.analyzed ?? [], base?.analyzed ?? []),
  });

  await checkRunStarted;
  // One read tells whether the head moved on and what mapguard said before.
  const state = await readPullState(octokit, target);
  if (state.headSha !== target.headSha) return { output: supersededOutput(state.headSha) };

  const changedPaths = new Set(loaded.changed.map((f) => f.path));
  const aboutChanged = <T extends { path: string }>(items: T[] | undefined) => (items ?? []).filter((i) => changedPaths.has(i.path));
  const summaryInput = {
    reviewed,
    fixed,
    suppressed: (head?.suppressed ?? []).filter((f) => changedPaths.has(f.location.path)),
    skipped: [...loaded.skipped, ...aboutChanged(head?.skipped)],
    notes: aboutChanged(head?.notes),
    unanalyzed: (head?.unanalyzed ?? []).filter((u) => u.paths.some((p) => changedPaths.has(p))),
    onError: config.onError,
    analyzedFiles: head?.analyzed.length ?? 0,
    changedFiles: loaded.changed.length,
    changedLines: [...patches.values()].reduce((n, p) => n + p.added.size, 0),
    failOn: config.failOn,
    docsBaseUrl: docsBaseUrl(),
  };
  const finished = (output: CheckOutput) => {
    log?.info({ conclusion: output.conclusion, findings: reviewed.length }, "[mapguard] analysed pull request");
    return output;
  };
  if (!config.review.comments || loaded.changed.length === 0) return { output: finished(buildCheckOutput({ ...summaryInput, commented: new Set() })) };

  // The check says which findings have an inline comment before the review
  // is posted; if GitHub then takes fewer, the summary is corrected.
  const earlier = ownComments(state);
  const request = reviewRequest(input, config, reviewed, patches, new Map(loaded.head.map((f) => [f.path, f.text])), earlier);
  const plan = planReview(request, log);
  const followUp = async (): Promise<CheckOutput | undefined> => {
    const commented = await postReview(input, request, plan);
    const live = new Set([...(head?.findings ?? []), ...(head?.suppressed ?? [])].map((f) => f.fingerprint));
    await resolveFixedThreads(octokit, target, { earlier, live, analysed: new Set(head?.analyzed ?? []), threads: state.threads }, log).catch((error: unknown) => {
      log?.warn({ err: error }, "[mapguard] could not resolve the threads of fixed findings");
    });
    const missing = [...plan.commented].filter((fp) => !commented.has(fp));
    if (missing.length === 0) return undefined;
    log?.warn({ missing: missing.length }, "[mapguard] fewer inline comments landed than the check run said; correcting its summary");
    return buildCheckOutput({ ...summaryInput, commented });
  };
  return { output: finished(buildCheckOutput({ ...summaryInput, commented: new Set(plan.commented) })), followUp };
}

function reviewRequest(
  input: AnalyzePullRequestInput,
  config: MapguardConfig,
  reviewed: ReviewedFinding[],
  patches: Map<string, FilePatch>,
  headTexts: ReadonlyMap<string, string>,
  earlier: readonly OwnComment[],
): ReviewRequest {
  const { target } = input;
  const renderContext = {
    owner: target.owner,
    repo: target.repo,
    headSha: target.headSha,
    webBaseUrl: target.webBaseUrl,
    docsBaseUrl: docsBaseUrl(),
    suggestions: config.review.suggestions,
    headTexts,
  };
  const messages = new Map<string, string>();
  const comments: ReviewComment[] = [];
  for (const r of reviewed) {
    if (!r.introduced || r.anchor === null) continue;
    comments.push(renderComment(r, patches.get(r.anchor.path), renderContext));
    messages.set(r.finding.fingerprint, `**${r.finding.ruleId}**: ${r.finding.message}`);
  }
  return { comments, patches, maxComments: config.review.maxComments, headline: (c) => messages.get(c.fingerprint) ?? "", earlier };
}

/** The fingerprints with an inline comment after posting; never throws. */
async function postReview(input: AnalyzePullRequestInput, request: ReviewRequest, plan: ReviewPlan): Promise<Set<string>> {
  const { octokit, target, log } = input;
  try {
    return (await publishReview(octokit, target, request, log, plan)).commented;
  } catch (error) {
    // The check run still carries every finding as an annotation.
    log?.error({ err: error }, "[mapguard] could not post the review");
    return new Set(request.earlier.map((c) => c.fingerprint));
  }
}

/** Never throws: this output is what completes a run when something else already went wrong. */
function failedOutput(reason: string, conclusion: Conclusion): CheckOutput {
  try {
    return errorCheckOutput(reason, conclusion);
  } catch {
    return { conclusion, title: "mapguard could not analyse this change", summary: reason, annotations: [] };
  }
}

function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.startsWith("[mapguard]") ? message : `[mapguard] ${message}`;
}
