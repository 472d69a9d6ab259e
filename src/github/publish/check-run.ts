// The check run: created in_progress when work starts, always completed.
import type { CheckOutput, Conclusion } from "../../review/summary.js";
import { CHECK_NAME } from "../types.js";
import type { GitHubClient, PullRequestTarget } from "../types.js";
import {
  MAX_ANNOTATIONS_PER_REQUEST,
  MAX_CHECK_SUMMARY_BYTES,
  MAX_CHECK_TITLE_CHARS,
} from "./limits.js";

/** The "Rescan" button; its lengths stay within the MAX_ACTION_* limits (tested). */
export const RESCAN_ACTION = {
  label: "Rescan",
  description: "Analyse this commit again",
  identifier: "rescan",
} as const;


type Repo = Pick<PullRequestTarget, "owner" | "repo" | "headSha">;

export async function startCheckRun(octokit: GitHubClient, target: Repo): Promise<number> {
  const { data } = await octokit.rest.checks.create({
    owner: target.owner,
    repo: target.repo,
    name: CHECK_NAME,
    head_sha: target.headSha,
    status: "in_progress",
    started_at: new Date().toISOString(),
  });
  return data.id;
}

/** Completes the run with the first batch of annotations, then appends the rest. */
export async function completeCheckRun(octokit: GitHubClient, target: Repo, checkRunId: number, output: CheckOutput): Promise<void> {
  const title = truncateChars(output.title, MAX_CHECK_TITLE_CHARS);
  const summary = truncateBytes(output.summary, MAX_CHECK_SUMMARY_BYTES);
  const batches = chunk(output.annotations, MAX_ANNOTATIONS_PER_REQUEST);
  await octokit.rest.checks.update({
    owner: target.owner,
    repo: target.repo,
    check_run_id: checkRunId,
    status: "completed",
    conclusion: output.conclusion,
    completed_at: new Date().toISOString(),
    output: { title, summary, annotations: batches[0] ?? [] },
    actions: [{ ...RESCAN_ACTION }],
  });
  for (const batch of batches.slice(1)) {
    await octokit.rest.checks.update({
      owner: target.owner,
      repo: target.repo,
      check_run_id: checkRunId,
      output: { title, summary, annotations: batch },
    });
  }
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
