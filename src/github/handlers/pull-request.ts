// pull_request opened / synchronize / reopened / ready_for_review: analyse the head.
import type { Context } from "probot";
import type { AnalysisPool } from "../../engine/pool.js";
import { analyzePullRequest } from "../analyze-pull-request.js";
import { readConfig } from "../read-config.js";
import { webOrigin } from "../types.js";

export const PULL_REQUEST_EVENTS = [
  "pull_request.opened",
  "pull_request.synchronize",
  "pull_request.reopened",
  "pull_request.ready_for_review",
] as const;

type PullRequestContext = Context<(typeof PULL_REQUEST_EVENTS)[number]>;

export async function onPullRequest(context: PullRequestContext, pool: AnalysisPool): Promise<void> {
  const { pull_request: pr, repository, sender } = context.payload;
  if (sender.type === "Bot" || pr.state === "closed") return;
  const owner = repository.owner.login;
  await analyzePullRequest({
    octokit: context.octokit,
    target: {
      owner,
      repo: repository.name,
      pullNumber: pr.number,
      headSha: pr.head.sha,
      baseSha: pr.base.sha,
      webBaseUrl: webOrigin(pr.html_url),
      changedFiles: pr.changed_files,
    },
    config: readConfig(context, { octokit: context.octokit, owner, repo: repository.name }),
    pool,
    log: context.log,
  });
}
