// Closing the loop on earlier comments: when a finding mapguard commented on
// is gone at the new head, reply "Fixed in <sha>" and resolve its thread —
// unless someone else has written in the thread; then it is theirs to close.
// Review threads and their resolution exist only in GitHub's GraphQL API.
// The reply is not idempotent: it is sent without retries, and after a lost
// answer the thread is read again before replying a second time. Resolving a
// resolved thread changes nothing, so the mutation may be retried.
import { QUERY_NAMES } from "../query-names.js";
import { graphqlReader } from "../read-client.js";
import type { GitHubClient, Log, PullRequestTarget } from "../types.js";
import { FIXED_REPLY_PREFIX, readPullState } from "./pull-state.js";
import type { OwnThread } from "./pull-state.js";
import type { OwnComment } from "./review.js";
import { NO_RETRY, writeOnce } from "./write-once.js";

const RESOLVE_MUTATION = `
mutation ${QUERY_NAMES.resolve}($threadId: ID!) {
  resolveReviewThread(input: { threadId: $threadId }) { thread { id isResolved } }
}`;

const THREAD_QUERY = `
query ${QUERY_NAMES.thread}($id: ID!) {
  node(id: $id) {
    ... on PullRequestReviewThread {
      comments(first: 10) { nodes { body author { __typename } } }
    }
  }
}`;

export interface FixedThreadsInput {
  /** mapguard's earlier comments on the pull request. */
  earlier: readonly OwnComment[];
  /** Fingerprints of every finding at the head, reported or not. */
  live: ReadonlySet<string>;
  /** Files analysed at the head: only there does a missing fingerprint mean the finding is gone. */
  analysed: ReadonlySet<string>;
  /** mapguard's review threads, when the caller has read them already (else they are read here). */
  threads?: readonly OwnThread[];
}

/** Resolves mapguard's own open threads whose finding is gone; returns how many it resolved. */
export async function resolveFixedThreads(octokit: GitHubClient, target: PullRequestTarget, input: FixedThreadsInput, log?: Log): Promise<number> {
  const gone = (fingerprint: string, path: string) => !input.live.has(fingerprint) && input.analysed.has(path);
  // The common case costs no request: nothing mapguard said is gone.
  if (!input.earlier.some((c) => gone(c.fingerprint, c.path))) return 0;
  const threads = input.threads ?? (await readPullState(octokit, target)).threads;
  let resolved = 0;
  for (const thread of threads) {
    if (thread.isResolved || !gone(thread.fingerprint, thread.path)) continue;
    // Someone replied: the conversation is theirs to close.
    if (thread.humanReplied) continue;
    try {
      if (!thread.fixedReplied) await replyFixed(octokit, target, thread);
      await octokit.graphql(RESOLVE_MUTATION, { threadId: thread.id });
      resolved++;
    } catch (error) {
      log?.warn({ err: error, thread: thread.id }, "[mapguard] could not resolve a fixed finding's thread");
    }
  }
  return resolved;
}

async function replyFixed(octokit: GitHubClient, target: PullRequestTarget, thread: OwnThread): Promise<void> {
  const body = `${FIXED_REPLY_PREFIX}${target.headSha}.`;
  await writeOnce(
    async () => {
      await octokit.rest.pulls.createReplyForReviewComment({
        owner: target.owner,
        repo: target.repo,
        pull_number: target.pullNumber,
        comment_id: thread.commentId,
        body,
        ...NO_RETRY,
      });
    },
    async () => ((await threadHasReply(octokit, thread.id, body)) ? { value: undefined } : null),
  );
}

async function threadHasReply(octokit: GitHubClient, threadId: string, body: string): Promise<boolean> {
  const graphql = await graphqlReader(octokit);
  const data = await graphql<{ node: { comments?: { nodes: { body: string; author: { __typename: string } | null }[] } } | null }>(THREAD_QUERY, { id: threadId });
  return (data.node?.comments?.nodes ?? []).some((c) => c.author?.__typename === "Bot" && c.body === body);
}
