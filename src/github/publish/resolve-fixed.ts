// Closing the loop on earlier comments: when a finding mapguard commented on
// is gone at the new head, reply "Fixed in <sha>" and resolve its thread —
// unless someone else has written in the thread; then it is theirs to close.
// Review threads and their resolution exist only in GitHub's GraphQL API.
import { parseMarker } from "../../review/render.js";
import type { GitHubClient, Log, PullRequestTarget } from "../types.js";
import type { OwnComment } from "./review.js";

/** Threads read per GraphQL page; GitHub's maximum. */
const THREADS_PER_PAGE = 100;
/** Pages read at most: 1,000 threads is beyond any pull request a person reviews. */
const MAX_THREAD_PAGES = 10;

const THREADS_QUERY = `
query ($owner: String!, $repo: String!, $number: Int!, $cursor: String) {
  repository(owner: $owner, name: $repo) {
    pullRequest(number: $number) {
      reviewThreads(first: ${THREADS_PER_PAGE}, after: $cursor) {
        pageInfo { hasNextPage endCursor }
        nodes {
          id
          isResolved
          path
          comments(first: 2) {
            totalCount
            nodes { databaseId body author { __typename } }
          }
        }
      }
    }
  }
}`;

const RESOLVE_MUTATION = `
mutation ($threadId: ID!) {
  resolveReviewThread(input: { threadId: $threadId }) { thread { id isResolved } }
}`;

interface ThreadNode {
  id: string;
  isResolved: boolean;
  path: string;
  comments: { totalCount: number; nodes: { databaseId: number | null; body: string; author: { __typename: string } | null }[] };
}

interface ThreadsPage {
  repository: {
    pullRequest: { reviewThreads: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: ThreadNode[] } } | null;
  } | null;
}

export interface FixedThreadsInput {
  /** mapguard's earlier comments on the pull request. */
  earlier: readonly OwnComment[];
  /** Fingerprints of every finding at the head, reported or not. */
  live: ReadonlySet<string>;
  /** Files analysed at the head: only there does a missing fingerprint mean the finding is gone. */
  analysed: ReadonlySet<string>;
}

/** Resolves mapguard's own open threads whose finding is gone; returns how many it resolved. */
export async function resolveFixedThreads(octokit: GitHubClient, target: PullRequestTarget, input: FixedThreadsInput, log?: Log): Promise<number> {
  const gone = (fingerprint: string, path: string) => !input.live.has(fingerprint) && input.analysed.has(path);
  // The common case costs no GraphQL request: nothing mapguard said is gone.
  if (!input.earlier.some((c) => gone(c.fingerprint, c.path))) return 0;
  let resolved = 0;
  for (const thread of await openThreads(octokit, target)) {
    const [first] = thread.comments.nodes;
    if (!first || first.author?.__typename !== "Bot" || first.databaseId === null) continue;
    const fingerprint = parseMarker(first.body);
    if (fingerprint === null || !gone(fingerprint, thread.path)) continue;
    // Someone replied: the conversation is theirs to close.
    if (thread.comments.totalCount > 1) continue;
    try {
      await octokit.rest.pulls.createReplyForReviewComment({
        owner: target.owner,
        repo: target.repo,
        pull_number: target.pullNumber,
        comment_id: first.databaseId,
        body: `Fixed in ${target.headSha}.`,
      });
      await octokit.graphql(RESOLVE_MUTATION, { threadId: thread.id });
      resolved++;
    } catch (error) {
      log?.warn({ err: error, thread: thread.id }, "[mapguard] could not resolve a fixed finding's thread");
    }
  }
  return resolved;
}

async function openThreads(octokit: GitHubClient, target: PullRequestTarget): Promise<ThreadNode[]> {
  const threads: ThreadNode[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < MAX_THREAD_PAGES; page++) {
    const data: ThreadsPage = await octokit.graphql<ThreadsPage>(THREADS_QUERY, {
      owner: target.owner,
      repo: target.repo,
      number: target.pullNumber,
      cursor,
    });
    const connection = data.repository?.pullRequest?.reviewThreads;
    if (!connection) break;
    threads.push(...connection.nodes.filter((t) => !t.isResolved));
    if (!connection.pageInfo.hasNextPage) break;
    cursor = connection.pageInfo.endCursor;
  }
  return threads;
}
