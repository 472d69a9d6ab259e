// A pull request on a nock-mocked GitHub, recording the bodies mapguard sends.
import { generateKeyPairSync } from "node:crypto";
import { readFileSync } from "node:fs";
import nock from "nock";
import { expect } from "vitest";
import { gitBlobSha } from "../../src/demo/fake-github.js";
import { diffStat, unifiedPatch } from "../../src/demo/unified-diff.js";
import { BLOBS_PER_QUERY, BLOBS_QUERY_NAME, blobCache } from "../../src/github/load/fetch-blobs.js";
import { clearListingCache } from "../../src/github/load/directory-listing.js";
import { QUERY_NAMES } from "../../src/github/query-names.js";

export const API = "https://api.github.com";
export const OWNER = "acme";
export const REPO = "service";
export const PR_NUMBER = 42;
export const HEAD_SHA = "a".repeat(40);
export const BASE_SHA = "b".repeat(40);
export const INSTALLATION_ID = 77;

export const privateKey = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs1", format: "pem" }).toString();

export function fixture(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`../../fixtures/webhooks/${name}`, import.meta.url), "utf8")) as Record<string, unknown>;
}

export interface PullRequestModel {
  base: Record<string, string>;
  head: Record<string, string>;
  /** Overrides of listFiles entries by path (e.g. drop the patch). */
  fileOverrides?: Record<string, Record<string, unknown>>;
}

export interface Recorded {
  checkCreates: Record<string, unknown>[];
  checkUpdates: Record<string, unknown>[];
  reviews: Record<string, unknown>[];
  deletedPendingReviews: number[];
  /** The order of the writes above: "check-create", "check-update", "review". */
  writes: string[];
}

type Json = Record<string, unknown>;
const repoPath = `/repos/${OWNER}/${REPO}`;

/** `cached`: a long-running server may still hold a token from an earlier delivery. */
export function mockToken(cached = false): void {
  const scope = nock(API).post(`/app/installations/${INSTALLATION_ID}/access_tokens`);
  (cached ? scope.optionally() : scope).reply(201, { token: "ghs_test", expires_at: "2999-01-01T00:00:00Z", permissions: {} });
}

/** A file as the config query's `object(expression:)` gives it. */
export function configBlob(text: string): Json {
  return { __typename: "Blob", text, isBinary: false, isTruncated: false };
}

/**
 * The one GraphQL query for .github/mapguard.yml: `yaml` in the repository
 * (null: none), `defaults` in the owner's .github repository (null: that
 * repository does not exist, which GitHub reports as a NOT_FOUND error).
 */
export function mockConfig(yaml: string | null, defaults: string | null = null): void {
  nock(API)
    .post("/graphql", isQuery(QUERY_NAMES.config))
    .reply(200, (_uri, body) => {
      const { variables } = body as { variables: Record<string, string> };
      expect(variables).toEqual({ owner: OWNER, repo: REPO, expression: "HEAD:.github/mapguard.yml" });
      const data = { repository: { object: yaml === null ? null : configBlob(yaml) }, defaults: defaults === null ? null : { object: configBlob(defaults) } };
      if (defaults !== null) return { data };
      return { data, errors: [{ type: "NOT_FOUND", path: ["defaults"], message: `Could not resolve to a Repository with the name '${OWNER}/.github'.` }] };
    });
}

/** Probot's context.config over REST (what mapguard falls back to): `null` is no file in either repository. */
export function mockRestConfig(yaml: string | null, defaults: string | null = null): void {
  const reply = (path: RegExp, text: string | null) => {
    if (text === null) nock(API).get(path).reply(404, { message: "Not Found" });
    else nock(API).get(path).reply(200, text, { "content-type": "text/plain; charset=utf-8" });
  };
  reply(/\/repos\/acme\/service\/contents\/\.github(%2F|\/)mapguard\.yml/, yaml);
  if (yaml === null) reply(/\/repos\/acme\/\.github\/contents\/\.github(%2F|\/)mapguard\.yml/, defaults);
}

export function mockCheckRun(recorded: Recorded, updates: number): void {
  nock(API)
    .post(`${repoPath}/check-runs`)
    .reply(201, (_uri, body) => {
      recorded.checkCreates.push(body as Json);
      recorded.writes.push("check-create");
      return { id: 555 };
    });
  nock(API)
    .patch(`${repoPath}/check-runs/555`)
    .times(updates)
    .reply(200, (_uri, body) => {
      recorded.checkUpdates.push(body as Json);
      recorded.writes.push("check-update");
      return { id: 555 };
    });
}

export function pullFiles(model: PullRequestModel): Json[] {
  const paths = [...new Set([...Object.keys(model.base), ...Object.keys(model.head)])].sort();
  return paths.flatMap((filename) => {
    const before = model.base[filename];
    const after = model.head[filename];
    if (before === after) return [];
    const patch = unifiedPatch(before ?? "", after ?? "");
    const { additions, deletions } = diffStat(patch);
    const status = before === undefined ? "added" : after === undefined ? "removed" : "modified";
    return [{ filename, status, additions, deletions, changes: additions + deletions, patch, ...model.fileOverrides?.[filename] }];
  });
}

/** Answers mapguard's directory query ("<sha>:<path>" expressions) from the model's two commits. */
export function treeAnswer(model: PullRequestModel, variables: Record<string, string>): Json {
  const repository: Json = {};
  for (const [name, value] of Object.entries(variables)) {
    const index = /^e(\d+)$/.exec(name)?.[1];
    if (index === undefined) continue;
    const [sha, path] = [value.slice(0, value.indexOf(":")), value.slice(value.indexOf(":") + 1)];
    const files = sha === HEAD_SHA ? model.head : sha === BASE_SHA ? model.base : {};
    if (files[path] !== undefined) {
      repository[`t${index}`] = { oid: gitBlobSha(files[path]), byteSize: Buffer.byteLength(files[path]) };
      continue;
    }
    const prefix = path === "" ? "" : `${path}/`;
    const entries = Object.entries(files)
      .filter(([p]) => p.startsWith(prefix) && !p.slice(prefix.length).includes("/"))
      .map(([p, text]) => ({ name: p.slice(prefix.length), type: "blob", oid: gitBlobSha(text), object: { byteSize: Buffer.byteLength(text) } }));
    repository[`t${index}`] = entries.length > 0 ? { entries } : null;
  }
  return { data: { repository } };
}

/** A GraphQL request by its operation name. */
export function isQuery(name: string) {
  return (body: { query?: string }) => new RegExp(`(query|mutation)\\s+${name}\\b`).test(String(body.query));
}

/** The reads of loading: files, the directory query, and each listed blob exactly once. */
export function mockLoad(model: PullRequestModel, blobPaths: { head: string[]; base: string[] }): void {
  nock(API).get(`${repoPath}/pulls/${PR_NUMBER}/files`).query({ per_page: "100", page: "1" }).reply(200, pullFiles(model));
  nock(API)
    .post("/graphql", isQuery(QUERY_NAMES.trees))
    .reply(200, (_uri, body) => treeAnswer(model, (body as { variables: Record<string, string> }).variables));
  const texts = new Map<string, string>();
  for (const p of blobPaths.head) texts.set(gitBlobSha(model.head[p]), model.head[p]);
  for (const p of blobPaths.base) texts.set(gitBlobSha(model.base[p]), model.base[p]);
  mockBlobQueries(texts);
}

/** Answers mapguard's batched GraphQL blob queries from `texts` (by blob SHA), each blob once. */
export function mockBlobQueries(texts: ReadonlyMap<string, string>, answer: (sha: string, text: string) => Json = (_sha, text) => ({ text, isBinary: false, isTruncated: false })): void {
  if (texts.size === 0) return;
  nock(API)
    .post("/graphql", isQuery(BLOBS_QUERY_NAME))
    .times(Math.ceil(texts.size / BLOBS_PER_QUERY))
    .reply(200, (_uri, body) => {
      const variables = (body as { variables: Record<string, string> }).variables;
      const repository: Json = {};
      for (const [name, sha] of Object.entries(variables)) {
        const index = /^o(\d+)$/.exec(name)?.[1];
        const text = texts.get(sha);
        if (index !== undefined) repository[`b${index}`] = text === undefined ? null : answer(sha, text);
      }
      return { data: { repository } };
    });
}

/** The REST read of one blob, byte for byte (what mapguard falls back to). */
export function mockRestBlob(sha: string, bytes: Buffer): void {
  nock(API).get(`${repoPath}/git/blobs/${sha}`).reply(200, { sha, encoding: "base64", content: bytes.toString("base64"), size: bytes.byteLength });
}

/** The REST read of the pull request (commands and check events look it up). */
export function mockPullRequest(sha = HEAD_SHA): void {
  nock(API).get(`${repoPath}/pulls/${PR_NUMBER}`).reply(200, { number: PR_NUMBER, state: "open", head: { sha }, base: { sha: BASE_SHA } });
}

/** A review thread as GitHub's GraphQL API shows it, from its comments in REST's shape. */
export function threadOf(comments: Json[], extra: { id?: string; isResolved?: boolean } = {}): Json {
  const [first] = comments as { id: number; path: string }[];
  return {
    id: extra.id ?? `T${first.id}`,
    isResolved: extra.isResolved ?? false,
    path: first.path,
    comments: {
      totalCount: comments.length,
      nodes: (comments as { id: number; body: string; user: { login: string; type: string } }[]).map((c) => ({
        databaseId: c.id,
        body: c.body,
        author: { __typename: c.user.type === "Bot" ? "Bot" : "User", login: c.user.login.replace(/\[bot\]$/, "") },
      })),
    },
  };
}

export function pullStateAnswer(threads: Json[], sha = HEAD_SHA): Json {
  return { data: { repository: { pullRequest: { headRefOid: sha, reviewThreads: { pageInfo: { hasNextPage: false, endCursor: null }, nodes: threads } } } } };
}

/** The pull request's head and review threads (each earlier comment starts one), read once after analysing. */
export function mockHead(sha = HEAD_SHA, existing: Json[] = []): void {
  nock(API)
    .post("/graphql", isQuery(QUERY_NAMES.pullState))
    .reply(200, pullStateAnswer(existing.map((c) => threadOf([c])), sha));
}

/** Forgets blobs and directory listings read by earlier tests (mapguard keeps them across runs). */
export function clearReadCaches(): void {
  blobCache.clear();
  clearListingCache();
}

/** One reply per createReview call, in order: a status (200 or an error). */
export function mockReviews(recorded: Recorded, statuses: number[]): void {
  for (const status of statuses) {
    nock(API)
      .post(`${repoPath}/pulls/${PR_NUMBER}/reviews`)
      .reply((_uri, body) => {
        recorded.reviews.push(body as Json);
        recorded.writes.push("review");
        return status === 200 ? [200, { id: 700 + recorded.reviews.length }] : [status, { message: "Unprocessable Entity", errors: ["Line could not be resolved"] }];
      });
  }
}

export function mockDeletePending(recorded: Recorded): void {
  nock(API)
    .delete(/\/repos\/acme\/service\/pulls\/42\/reviews\/\d+/)
    .reply((uri) => {
      recorded.deletedPendingReviews.push(Number(uri.split("/").pop()));
      return [200, {}];
    });
}

export function emptyRecorded(): Recorded {
  return { checkCreates: [], checkUpdates: [], reviews: [], deletedPendingReviews: [], writes: [] };
}
