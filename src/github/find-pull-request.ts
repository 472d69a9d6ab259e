// Maps a commit back to its open pull request, for check events. Fork PRs
// arrive with an empty `pull_requests` list, so fall back to a search by SHA.
import type { GitHubClient, PullRequestTarget } from "./types.js";
import { webOrigin } from "./types.js";

interface PullRef {
  number: number;
}

export interface OpenPullRequest {
  target: PullRequestTarget;
  state: string;
}

/** The pull request as it is now; `headSha` overrides its head (the commit a check run belongs to). */
export async function getPullRequest(
  octokit: GitHubClient,
  repo: { owner: string; repo: string },
  pullNumber: number,
  headSha?: string,
): Promise<OpenPullRequest> {
  const { data } = await octokit.rest.pulls.get({ owner: repo.owner, repo: repo.repo, pull_number: pullNumber });
  return {
    state: data.state,
    target: { owner: repo.owner, repo: repo.repo, pullNumber, headSha: headSha ?? data.head.sha, baseSha: data.base.sha, webBaseUrl: webOrigin(data.html_url), changedFiles: data.changed_files },
  };
}

export async function findPullRequestForSha(
  octokit: GitHubClient,
  repo: { owner: string; repo: string },
  headSha: string,
  hinted: readonly PullRef[],
): Promise<OpenPullRequest | null> {
  let number: number | undefined = hinted[0]?.number;
  if (number === undefined) {
    const open = await octokit.paginate(octokit.rest.pulls.list, { owner: repo.owner, repo: repo.repo, state: "open", per_page: 100 });
    number = open.find((pr) => pr.head.sha === headSha)?.number;
  }
  if (number === undefined) return null;
  const found = await getPullRequest(octokit, repo, number, headSha);
  return found.state === "open" ? found : null;
}
