// The check run: created in_progress when work starts, always completed.
import { randomUUID } from "node:crypto";
import type { CheckOutput, Conclusion } from "../../review/summary.js";
import { CHECK_NAME } from "../types.js";
import type { GitHubClient, PullRequestTarget } from "../types.js";
import {
  MAX_ANNOTATIONS_PER_REQUEST,
  MAX_CHECK_SUMMARY_BYTES,
  MAX_CHECK_TITLE_CHARS,
} from "./limits.js";
import { NO_RETRY, writeOnce } from "./write-once.js";

/** The "Rescan" button; its lengths stay within the MAX_ACTION_* limits (tested). */
export const RESCAN_ACTION = {
  label: "Rescan",
  description: "Analyse this commit again",
  identifier: "rescan",
} as const;


type Repo = Pick<PullRequestTarget, "owner" | "repo" | "headSha">;

/**
 * Creates the run in_progress. Creating is not idempotent, so a lost answer
 * is not retried blindly: the run carries a random `external_id`, and the
 * commit's runs are read to find it before creating another.
 */
export async function startCheckRun(octokit: GitHubClient, target: Repo): Promise<number> {
  const externalId = `mapguard-${randomUUID()}`;
  return writeOnce(
    async () => {
      const { data } = await octokit.rest.checks.create({
        owner: target.owner,
        repo: target.repo,
        name: CHECK_NAME,
        head_sha: target.headSha,
        external_id: externalId,
        status: "in_progress",
        started_at: new Date().toISOString(),
        ...NO_RETRY,
      });
      return data.id;
    },
    async () => {
      const { data } = await octokit.rest.checks.listForRef({ owner: target.owner, repo: target.repo, ref: target.headSha, check_name: CHECK_NAME, per_page: 100 });
      const run = data.check_runs.find((r) => r.external_id === externalId);
      return run ? { value: run.id } : null;
    },
  );
}

/**
 * Completes the run with the first batch of annotations, then appends the
 * rest. Annotations append, so an update is not retried blindly either: after
 * a lost answer the run's annotation count tells whether it landed.
 */
export async function completeCheckRun(octokit: GitHubClient, target: Repo, checkRunId: number, output: CheckOutput): Promise<void> {
  const title = truncateChars(output.title, MAX_CHECK_TITLE_CHARS);
  const summary = truncateBytes(output.summary, MAX_CHECK_SUMMARY_BYTES);
  const batches = chunk(output.annotations, MAX_ANNOTATIONS_PER_REQUEST);
  let stored = 0;
  const update = async (fields: Record<string, unknown>, annotations: CheckOutput["annotations"]) => {
    const expected = stored + annotations.length;
    await writeOnce(
      async () => {
        await octokit.rest.checks.update({
          owner: target.owner,
          repo: target.repo,
          check_run_id: checkRunId,
          ...fields,
          output: { title, summary, annotations },
          ...NO_RETRY,
        });
      },
      async () => {
        const { data } = await octokit.rest.checks.get({ owner: target.owner, repo: target.repo, check_run_id: checkRunId });
        const landed = data.output.annotations_count >= expected && (fields.status === undefined || data.status === fields.status);
        return landed ? { value: undefined } : null;
      },
    );
    stored = expected;
  };
  await update(
    { status: "completed", conclusion: output.conclusion, completed_at: new Date().toISOString(), actions: [{ ...RESCAN_ACTION }] },
    batches[0] ?? [],
  );
  for (const batch of batches.slice(1)) await update({}, batch);
}

/**
 * Replaces a completed run's title and summary, keeping its conclusion and
 * annotations. Setting text is idempotent, so Octokit may retry it.
 */
export async function updateCheckSummary(octokit: GitHubClient, target: Repo, checkRunId: number, output: Pick<CheckOutput, "title" | "summary">): Promise<void> {
  await octokit.rest.checks.update({
    owner: target.owner,
    repo: target.repo,
    check_run_id: checkRunId,
    output: { title: truncateChars(output.title, MAX_CHECK_TITLE_CHARS), summary: truncateBytes(output.summary, MAX_CHECK_SUMMARY_BYTES) },
  });
}

/** For runs whose result no longer matters (the PR head moved on). */
export function supersededOutput(newHeadSha: string): CheckOutput {
  return {
    conclusion: "neutral" satisfies Conclusion,
    title: "Superseded by a newer commit",
    summary: `The pull request's head moved to ${newHeadSha} while this commit was being analysed; mapguard reports on the new head instead.`,
    annotations: [],
  };
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function truncateChars(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

const NOTE = "\n\n…(truncated: GitHub limits a check summary to 65,535 bytes)";

export function truncateBytes(text: string, maxBytes: number): string {
  const bytes = Buffer.from(text, "utf8");
  if (bytes.byteLength <= maxBytes) return text;
  const room = maxBytes - Buffer.byteLength(NOTE, "utf8");
  // Decoding a cut UTF-8 sequence yields U+FFFD; drop it rather than show it.
  return bytes.subarray(0, room).toString("utf8").replace(/\uFFFD+$/, "") + NOTE;
}
