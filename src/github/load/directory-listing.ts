// The .go files of some directories at one commit, with their blob SHAs and
// sizes: one recursive tree request in the common case, so unchanged package
// siblings cost nothing more than their (shared) blob.
import { isGoFile, nearestGoMod } from "../../analysis/source.js";
import type { GitHubClient, PullRequestTarget } from "../types.js";

export interface BlobRef {
  path: string;
  sha: string;
  /** Bytes, when GitHub said; lets oversized files be skipped without downloading them. */
  size: number | undefined;
}

export function directoryOf(path: string): string {
  const slash = path.lastIndexOf("/");
  return slash < 0 ? "" : path.slice(0, slash);
}

export interface GoFileListing {
  /** Go files directly inside the directories asked for, by path. */
  files: Map<string, BlobRef>;
  /** The go.mod governing the first of those directories, when the listing shows it. */
  goMod: BlobRef | undefined;
}

/** Go files directly inside `dirs` at `sha`, and the module's go.mod. */
export async function listGoFilesIn(
  octokit: GitHubClient,
  target: Pick<PullRequestTarget, "owner" | "repo">,
  sha: string,
  dirs: ReadonlySet<string>,
): Promise<GoFileListing> {
  const found = new Map<string, BlobRef>();
  const goMods = new Map<string, BlobRef>();
  if (dirs.size === 0) return { files: found, goMod: undefined };
  const { data: tree } = await octokit.rest.git.getTree({ owner: target.owner, repo: target.repo, tree_sha: sha, recursive: "true" });
  if (!tree.truncated) {
    for (const entry of tree.tree) {
      if (entry.type !== "blob" || !entry.path || !entry.sha) continue;
      const ref = { path: entry.path, sha: entry.sha, size: entry.size };
      if (isGoFile(entry.path) && dirs.has(directoryOf(entry.path))) found.set(entry.path, ref);
      else if (entry.path === "go.mod" || entry.path.endsWith("/go.mod")) goMods.set(entry.path, ref);
    }
  } else {
    // Very large repositories: the recursive tree is cut off, so ask for just
    // the directories that matter (a go.mod in one of them is still seen).
    for (const dir of dirs) {
      for (const entry of await listDirectory(octokit, target, sha, dir)) {
        const ref = { path: entry.path, sha: entry.sha, size: entry.size };
        if (entry.type === "file" && isGoFile(entry.path)) found.set(entry.path, ref);
        else if (entry.type === "file" && entry.path.endsWith("go.mod")) goMods.set(entry.path, ref);
      }
    }
  }
  const first = [...dirs].sort()[0];
  const goModPath = nearestGoMod(first, goMods.keys());
  return { files: found, goMod: goModPath === undefined ? undefined : goMods.get(goModPath) };
}

interface ContentEntry {
  type: string;
  path: string;
  sha: string;
  size: number;
}

async function listDirectory(
  octokit: GitHubClient,
  target: Pick<PullRequestTarget, "owner" | "repo">,
  sha: string,
  dir: string,
): Promise<ContentEntry[]> {
  try {
    const { data } = await octokit.rest.repos.getContent({ owner: target.owner, repo: target.repo, path: dir, ref: sha });
    return Array.isArray(data) ? data : [];
  } catch (error) {
    // The directory does not exist at this commit (a package added by the PR).
    if (statusOf(error) === 404) return [];
    throw error;
  }
}

export function statusOf(error: unknown): number | undefined {
  if (typeof error === "object" && error !== null && "status" in error && typeof error.status === "number") return error.status;
  return undefined;
}
