// check_suite rerequested: analyse the suite's commit again.
import type { Context } from "probot";
import type { AnalysisPool } from "../../engine/pool.js";
import { analyzePullRequest } from "../analyze-pull-request.js";
import { findPullRequestForSha } from "../find-pull-request.js";
import { readConfig } from "../read-config.js";

export async function onCheckSuiteRerequested(context: Context<"check_suite.rerequested">, pool: AnalysisPool): Promise<void> {
  const { check_suite: suite, repository, sender } = context.payload;
  if (sender.type === "Bot") return;
  const repo = { owner: repository.owner.login, repo: repository.name };
  const pr = await findPullRequestForSha(context.octokit, repo, suite.head_sha, suite.pull_requests);
  if (pr === null) return;
  await analyzePullRequest({ octokit: context.octokit, target: pr.target, config: readConfig(context, { octokit: context.octokit, ...repo }), pool, log: context.log });
}
