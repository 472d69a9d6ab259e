// Downloads file contents by blob SHA: a file unchanged between base and head
// has the same SHA on both sides and is fetched once.
import type { GitHubClient, PullRequestTarget } from "../types.js";

/** Enough parallelism to hide latency, little enough to stay clear of secondary rate limits. */
const BLOB_CONCURRENCY = 6;

export async function fetchBlobs(
  octokit: GitHubClient,
  target: Pick<PullRequestTarget, "owner" | "repo">,
  shas: Iterable<string>,
): Promise<Map<string, Uint8Array>> {
  const queue = [...new Set(shas)];
  const blobs = new Map<string, Uint8Array>();
  async function worker(): Promise<void> {
    for (let sha = queue.shift(); sha !== undefined; sha = queue.shift()) {
      const { data } = await octokit.rest.git.getBlob({ owner: target.owner, repo: target.repo, file_sha: sha });
      const encoding = data.encoding === "utf-8" ? "utf8" : "base64";
      blobs.set(sha, new Uint8Array(Buffer.from(data.content, encoding)));
    }
  }
  await Promise.all(Array.from({ length: Math.min(BLOB_CONCURRENCY, queue.length) }, worker));
  return blobs;
}
