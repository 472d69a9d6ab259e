// GraphQL queries that only read, kept out of Probot's write throttle.
//
// @octokit/plugin-throttling queues every GraphQL request behind the
// one-a-second limiter it keeps for writes (POST, PATCH, PUT, DELETE), so five
// blob queries cost five seconds before anything is analysed. GitHub counts
// a query differently from a write. Its guidance on secondary rate limits
// (docs.github.com, "Rate limits for the REST API", secondary rate limits)
// says "No more than 100 concurrent requests are allowed. This limit is
// shared across the REST API and GraphQL API", and in "Calculating points for
// the secondary rate limit" a "GraphQL request without mutations" costs 1
// point, like a REST GET, where a mutation or a REST write costs 5, against
// "no more than 2,000 points per minute ... for the GraphQL API endpoint".
// So reads go through a sibling client of the installation's — same class,
// same token, same retries and rate-limit handling — whose write limiter lets
// them through, and mapguard itself keeps at most READ_CONCURRENCY of them in
// flight: far below 100 concurrent requests, and a pull request's few dozen
// points far below 2,000 a minute. Mutations never go through it.
import type { ProbotOctokit } from "probot";
import type { GitHubClient } from "./types.js";

/** Reads mapguard keeps in flight at once, per run. */
export const READ_CONCURRENCY = 4;

export type GraphqlRead = <T>(query: string, variables: Record<string, unknown>) => Promise<T>;

/** The throttling plugin asks this "write" limiter before each GraphQL request: go at once. */
const notAWrite = { key: () => ({ schedule: <R>(_options: unknown, run: (...args: unknown[]) => Promise<R>, ...args: unknown[]) => run(...args) }) };

const readers = new WeakMap<GitHubClient, GraphqlRead>();
let siblings = 0;

/** A `graphql` for queries (never mutations) that does not wait behind writes. */
export function graphqlReader(octokit: GitHubClient): Promise<GraphqlRead> {
  let reader = readers.get(octokit);
  if (!reader) {
    try {
      reader = createReader(octokit);
    } catch {
      reader = octokit.graphql as GraphqlRead;
    }
    readers.set(octokit, reader);
  }
  return Promise.resolve(reader);
}

function createReader(octokit: GitHubClient): GraphqlRead {
  const Octokit = octokit.constructor as typeof ProbotOctokit;
  const sibling = new Octokit({
    // The installation's own authentication: its token cache, and when no
    // token is cached, one fetched from this client's API root (asking
    // octokit.auth() directly would fetch it from api.github.com, wrong on
    // GitHub Enterprise, and cannot share a fetch already under way).
    authStrategy: () => octokit.auth,
    baseUrl: octokit.request.endpoint.DEFAULTS.baseUrl,
    log: octokit.log,
    throttle: { id: `mapguard-reads-${++siblings}`, write: notAWrite } as never,
  });
  return sibling.graphql as GraphqlRead;
}

/** Runs `work` over `items` with at most `limit` at a time; results in order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) results[i] = await work(items[i], i);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
