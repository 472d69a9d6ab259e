// Which files of a pull request mapguard reports on, from the paginated files
// endpoint (the single-diff endpoint refuses diffs over 300 files).
import picomatch from "picomatch";
import type { SkippedFile } from "../../analysis/types.js";
import { isGoFile, isVendored } from "../../analysis/source.js";
import { mapLimit, READ_CONCURRENCY } from "../read-client.js";
import type { GitHubClient, PullRequestTarget } from "../types.js";

/** Statuses whose head version exists and differs from the base. */
const ANALYSED_STATUSES = new Set(["added", "modified", "renamed", "changed", "copied"]);
const FILES_PER_PAGE = 100;
export const NO_DIFF_REASON = "GitHub sent no diff for this file";

export interface PullFile {
  filename: string;
  status: string;
  patch?: string;
  previous_filename?: string;
  additions: number;
  changes: number;
}

/** A changed Go file that will be analysed and reported on. */
export interface ChangedGoFile {
  path: string;
  /** Where the file lived at base (differs for renames); null for added files. */
  basePath: string | null;
  patch: string;
  additions: number;
}

export interface ChangeSelection {
  changed: ChangedGoFile[];
  /** Changed Go files not analysed, with the reason for the summary. */
  skipped: SkippedFile[];
  /** Paths that must not be analysed even as package context (excluded, vendored, skipped). */
  excluded: (path: string) => boolean;
}

/** The endpoint lists at most this many files (30 pages); GitHub documents the cap. */
const MAX_FILE_PAGES = 30;

/**
 * Every page of the files endpoint, at most READ_CONCURRENCY at a time: all
 * at once when the pull request's `changed_files` tells how many there are,
 * else the first and then the others (its `link` header names the last).
 */
export async function listPullFiles(octokit: GitHubClient, target: PullRequestTarget): Promise<PullFile[]> {
  const page = async (n: number) =>
    octokit.rest.pulls.listFiles({ owner: target.owner, repo: target.repo, pull_number: target.pullNumber, per_page: FILES_PER_PAGE, page: n });
  const expected = Math.min(MAX_FILE_PAGES, Math.max(1, Math.ceil((target.changedFiles ?? 0) / FILES_PER_PAGE)));
  const [first, ...known] = await mapLimit(range(1, expected), READ_CONCURRENCY, page);
  // The link header has the last word, should the count have been off.
  const last = Math.min(MAX_FILE_PAGES, Number(/[?&]page=(\d+)>; rel="last"/.exec(first.headers.link ?? "")?.[1] ?? 1));
  const rest = await mapLimit(range(expected + 1, last), READ_CONCURRENCY, async (n) => (await page(n)).data);
  return [...first.data, ...known.flatMap((p) => p.data), ...rest.flat()];
}

/** from..to, inclusive; empty when to < from. */
function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);
}

export function selectChangedGoFiles(files: PullFile[], excludeGlobs: string[]): ChangeSelection {
  const isExcludedByConfig = excludeGlobs.length > 0 ? picomatch(excludeGlobs, { dot: true }) : () => false;
  const changed: ChangedGoFile[] = [];
  const skipped: SkippedFile[] = [];
  const skippedPaths = new Set<string>();
  for (const f of files) {
    if (!isGoFile(f.filename) || !ANALYSED_STATUSES.has(f.status)) continue;
    const skip = (reason: string) => {
      skipped.push({ path: f.filename, reason });
      skippedPaths.add(f.filename);
    };
    if (isVendored(f.filename)) skip("vendored code (vendor/)");
    else if (isExcludedByConfig(f.filename)) skip("excluded by paths.exclude in .github/mapguard.yml");
    else if (f.patch === undefined) {
      // A pure rename or mode change has no diff and changes nothing to report.
      if (f.changes > 0) skip(NO_DIFF_REASON);
    } else {
      const basePath = f.status === "added" ? null : (f.previous_filename ?? f.filename);
      changed.push({ path: f.filename, basePath, patch: f.patch, additions: f.additions });
    }
  }
  const excluded = (path: string) => isVendored(path) || isExcludedByConfig(path) || skippedPaths.has(path);
  return { changed, skipped, excluded };
}
