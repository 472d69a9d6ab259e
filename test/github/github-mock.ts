// A pull request on a nock-mocked GitHub, recording the bodies mapguard sends.
import { generateKeyPairSync } from "node:crypto";
import { readFileSync } from "node:fs";
import nock from "nock";
import { gitBlobSha } from "../../src/demo/fake-github.js";
import { diffStat, unifiedPatch } from "../../src/demo/unified-diff.js";
import { BLOBS_PER_QUERY, BLOBS_QUERY_NAME } from "../../src/github/load/fetch-blobs.js";

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
}

type Json = Record<string, unknown>;
const repoPath = `/repos/${OWNER}/${REPO}`;

/** `cached`: a long-running server may still hold a token from an earlier delivery. */
export function mockToken(cached = false): void {
  const scope = nock(API).post(`/app/installations/${INSTALLATION_ID}/access_tokens`);
  (cached ? scope.optionally() : scope).reply(201, { token: "ghs_test", expires_at: "2999-01-01T00:00:00Z", permissions: {} });
}

/** `null`: no config file anywhere (both lookups 404). */
export function mockConfig(yaml: string | null): void {
  if (yaml === null) {
    nock(API).get(/\/repos\/acme\/service\/contents\/\.github(%2F|\/)mapguard\.yml/).reply(404, { message: "Not Found" });
    nock(API).get(/\/repos\/acme\/\.github\/contents\/\.github(%2F|\/)mapguard\.yml/).reply(404, { message: "Not Found" });
  } else {
    nock(API).get(/\/repos\/acme\/service\/contents\/\.github(%2F|\/)mapguard\.yml/).reply(200, yaml, { "content-type": "text/plain; charset=utf-8" });
  }
}

export function mockCheckRun(recorded: Recorded, updates: number): void {
  nock(API)
    .post(`${repoPath}/check-runs`)
    .reply(201, (_uri, body) => {
      recorded.checkCreates.push(body as Json);
      return { id: 555 };
    });
  nock(API)
    .patch(`${repoPath}/check-runs/555`)
    .times(updates)
    .reply(200, (_uri, body) => {
      recorded.checkUpdates.push(body as Json);
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

function tree(files: Record<string, string>): Json {
  return { sha: "t", truncated: false, tree: Object.entries(files).map(([path, text]) => ({ path, type: "blob", mode: "100644", sha: gitBlobSha(text), size: Buffer.byteLength(text) })) };
}

/** The reads of loading: files, trees, and each listed blob exactly once. */
export function mockLoad(model: PullRequestModel, blobPaths: { head: string[]; base: string[] }): void {
  nock(API).get(`${repoPath}/pulls/${PR_NUMBER}/files`).query({ per_page: "100" }).reply(200, pullFiles(model));
  nock(API).get(`${repoPath}/git/trees/${HEAD_SHA}`).query({ recursive: "true" }).reply(200, tree(model.head));
  if (blobPaths.base.length > 0 || Object.keys(model.base).length > 0) {
    nock(API).get(`${repoPath}/git/trees/${BASE_SHA}`).query({ recursive: "true" }).optionally().reply(200, tree(model.base));
  }
  const texts = new Map<string, string>();
  for (const p of blobPaths.head) texts.set(gitBlobSha(model.head[p]), model.head[p]);
  for (const p of blobPaths.base) texts.set(gitBlobSha(model.base[p]), model.base[p]);
  mockBlobQueries(texts);
}

/** Answers mapguard's batched GraphQL blob queries from `texts` (by blob SHA), each blob once. */
export function mockBlobQueries(texts: ReadonlyMap<string, string>, answer: (sha: string, text: string) => Json = (_sha, text) => ({ text, isBinary: false, isTruncated: false })): void {
  if (texts.size === 0) return;
  nock(API)
    .post("/graphql", (body: { query?: string }) => String(body.query).includes(BLOBS_QUERY_NAME))
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

export function mockHead(sha = HEAD_SHA): void {
  nock(API).get(`${repoPath}/pulls/${PR_NUMBER}`).reply(200, { number: PR_NUMBER, state: "open", head: { sha }, base: { sha: BASE_SHA } });
}

export function mockExistingComments(comments: Json[]): void {
  nock(API).get(`${repoPath}/pulls/${PR_NUMBER}/comments`).query({ per_page: "100" }).reply(200, comments);
}

/** One reply per createReview call, in order: a status (200 or an error). */
export function mockReviews(recorded: Recorded, statuses: number[]): void {
  for (const status of statuses) {
    nock(API)
      .post(`${repoPath}/pulls/${PR_NUMBER}/reviews`)
      .reply((_uri, body) => {
        recorded.reviews.push(body as Json);
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
  return { checkCreates: [], checkUpdates: [], reviews: [], deletedPendingReviews: [] };
}
