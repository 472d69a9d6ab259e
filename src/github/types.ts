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
}

export type Log = Pick<Logger, "info" | "warn" | "error" | "debug">;

/** The name of the check run; stable, so branch protection can require it. */
export const CHECK_NAME = "mapguard";
