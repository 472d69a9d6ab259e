// Plain data the pipeline works from, so it never needs the Probot context.
import type { Logger, ProbotOctokit } from "probot";

/** An authenticated installation client (Probot's Octokit with its plugins). */
export type GitHubClient = ProbotOctokit;

/** The pull request and commits one analysis is about. */
export interface PullRequestTarget {
  owner: string;
  repo: string;
  pullNumber: number;
  headSha: string;
  baseSha: string;
  /** Where the repository's web pages live (https://github.com, or a GitHub Enterprise host), for permalinks. */
  webBaseUrl?: string;
  /** The pull request's `changed_files`, when known: every page of the files endpoint can then be asked at once. */
  changedFiles?: number;
}

/** The web origin of a GitHub page URL (`html_url`): permalinks must point at the same host. */
export function webOrigin(htmlUrl: string | undefined): string | undefined {
  if (!htmlUrl) return undefined;
  try {
    return new URL(htmlUrl).origin;
  } catch {
    return undefined;
  }
}

export type Log = Pick<Logger, "info" | "warn" | "error" | "debug">;

/** The name of the check run; stable, so branch protection can require it. */
export const CHECK_NAME = "mapguard";
