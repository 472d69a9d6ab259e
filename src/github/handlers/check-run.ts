// check_run rerequested ("Re-run") and requested_action "rescan": analyse that commit again.
import type { Context } from "probot";
import type { AnalysisPool } from "../../engine/pool.js";
import { analyzePullRequest } from "../analyze-pull-request.js";
import { findPullRequestForSha } from "../find-pull-request.js";
import { RESCAN_ACTION } from "../publish/check-run.js";
import { readConfig } from "../read-config.js";
import { CHECK_NAME } from "../types.js";

export const CHECK_RUN_EVENTS = ["check_run.rerequested", "check_run.requested_action"] as const;

export async function onCheckRun(context: Context<(typeof CHECK_RUN_EVENTS)[number]>, pool: AnalysisPool): Promise<void> {
  const { check_run: run, repository, sender } = context.payload;
  if (sender.type === "Bot" || run.name !== CHECK_NAME) return;
  if ("requested_action" in context.payload && context.payload.requested_action?.identifier !== RESCAN_ACTION.identifier) return;
  const repo = { owner: repository.owner.login, repo: repository.name };
  const pr = await findPullRequestForSha(context.octokit, repo, run.head_sha, run.pull_requests);
  if (pr === null) return;
  await analyzePullRequest({ octokit: context.octokit, target: pr.target, config: readConfig(context, { octokit: context.octokit, ...repo }), pool, log: context.log });
}
