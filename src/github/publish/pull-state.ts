// The pull request as mapguard needs it after analysing: its current head,
// and mapguard's own review threads (recognised by their hidden markers), in
// one paginated GraphQL query — where REST needs the pull request, every
// review comment, and the threads again for resolving.
import { parseMarker } from "../../review/render.js";
import { QUERY_NAMES } from "../query-names.js";
import { graphqlReader } from "../read-client.js";
import type { GitHubClient, PullRequestTarget } from "../types.js";

/** Threads read per page; GitHub's maximum. */
const THREADS_PER_PAGE = 100;
/** Pages read at most: 1,000 threads is beyond any pull request a person reviews. */
const MAX_THREAD_PAGES = 10;
/** Comments read per thread: mapguard's own, its "Fixed in" reply, and whether anyone else wrote. */
const COMMENTS_PER_THREAD = 10;

const QUERY = `
query ${QUERY_NAMES.pullState}($owner: String!, $repo: String!, $number: Int!, $cursor: String) {
  repository(owner: $owner, name: $repo) {
    pullRequest(number: $number) {
      headRefOid
      reviewThreads(first: ${THREADS_PER_PAGE}, after: $cursor) {
        pageInfo { hasNextPage endCursor }
        nodes {
          id
          isResolved
          path
          comments(first: ${COMMENTS_PER_THREAD}) {
            totalCount
            nodes { databaseId body author { __typename login } }
          }
        }
      }
    }
  }
}`;

interface ThreadNode {
  id: string;
  isResolved: boolean;
  path: string;
  comments: { totalCount: number; nodes: { databaseId: number | null; body: string; author: { __typename: string; login?: string } | null }[] };
}

interface Page {
  repository: {
    pullRequest: { headRefOid: string; reviewThreads: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: ThreadNode[] } } | null;
  } | null;
}

/** A review thread that mapguard started (its first comment is a bot's and carries a marker). */
export interface OwnThread {
  id: string;
  isResolved: boolean;
  path: string;
  /** The REST id of mapguard's comment, to reply to. */
  commentId: number;
  fingerprint: string;
  /** Someone other than a bot wrote in the thread. */
  humanReplied: boolean;
  /** mapguard already replied "Fixed in …" (perhaps in a run whose answer was lost). */
  fixedReplied: boolean;
}

export interface PullState {
  headSha: string;
  threads: OwnThread[];
}

export const FIXED_REPLY_PREFIX = "Fixed in ";

export async function readPullState(octokit: GitHubClient, target: PullRequestTarget): Promise<PullState> {
  const graphql = await graphqlReader(octokit);
  const threads: OwnThread[] = [];
  let headSha: string | undefined;
  let cursor: string | null = null;
  for (let page = 0; page < MAX_THREAD_PAGES; page++) {
    const data: Page = await graphql<Page>(QUERY, { owner: target.owner, repo: target.repo, number: target.pullNumber, cursor });
    const pr = data.repository?.pullRequest;
    if (!pr) throw new Error(`[mapguard] pull request #${target.pullNumber} of ${target.owner}/${target.repo} was not found`);
    headSha ??= pr.headRefOid;
    for (const node of pr.reviewThreads.nodes) {
      const own = ownThread(node);
      if (own) threads.push(own);
    }
    if (!pr.reviewThreads.pageInfo.hasNextPage) break;
    cursor = pr.reviewThreads.pageInfo.endCursor;
  }
  return { headSha: headSha ?? target.headSha, threads };
}

function ownThread(node: ThreadNode): OwnThread | null {
  const [first, ...replies] = node.comments.nodes;
  // Only a bot's marker counts: a human quoting one must not silence a finding.
  if (!first || first.author?.__typename !== "Bot" || first.databaseId === null) return null;
  const fingerprint = parseMarker(first.body);
  if (fingerprint === null) return null;
  const byBot = (c: (typeof replies)[number]) => c.author?.__typename === "Bot" && c.author.login === first.author?.login;
  const unseen = node.comments.totalCount > node.comments.nodes.length;
  return {
    id: node.id,
    isResolved: node.isResolved,
    path: node.path,
    commentId: first.databaseId,
    fingerprint,
    humanReplied: unseen || replies.some((c) => !byBot(c)),
    fixedReplied: replies.some((c) => byBot(c) && c.body.startsWith(FIXED_REPLY_PREFIX)),
  };
}
