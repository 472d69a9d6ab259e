// Downloads file contents by blob SHA: a file unchanged between base and head
// has the same SHA on both sides and is fetched once. Blobs come in batches
// through GraphQL (one request for dozens of files, where REST needs one
// each); a blob GraphQL cannot give exactly — binary, truncated, or text with
// replacement characters that may hide invalid UTF-8 — is read through REST,
// byte for byte, as is every blob of a batch GraphQL refused. Batches run
// concurrently outside the write throttle (see read-client.ts), and blobs are
// kept by SHA across runs, so a rescan of an unchanged head reads none again.
import { QUERY_NAMES } from "../query-names.js";
import { graphqlReader, mapLimit, READ_CONCURRENCY } from "../read-client.js";
import type { GraphqlRead } from "../read-client.js";
import type { GitHubClient, Log, PullRequestTarget } from "../types.js";
import { Lru } from "./lru.js";

/** Blobs asked for in one GraphQL request. */
export const BLOBS_PER_QUERY = 100;
/** Bytes of blobs asked for in one GraphQL request, so no answer grows huge or slow. */
const BYTES_PER_QUERY = 3_000_000;
/**
 * Blob contents kept across runs, by SHA. A SHA names its content, so a hit
 * is exact in any repository; the bound keeps a busy server's memory flat.
 */
const CACHE_BYTES = 32 * 1024 * 1024;
export const blobCache = new Lru<string, Uint8Array>(CACHE_BYTES, (bytes) => bytes.byteLength + 100);
/** Assumed size of a blob whose size the tree did not give. */
const UNKNOWN_SIZE = 100_000;
/** Enough parallelism to hide latency, little enough to stay clear of secondary rate limits. */
const BLOB_CONCURRENCY = 6;

export interface BlobWanted {
  sha: string;
  /** Bytes, when the tree said. */
  size?: number;
}

interface BlobAnswer {
  text: string | null;
  isBinary: boolean;
  isTruncated: boolean;
}

export async function fetchBlobs(
  octokit: GitHubClient,
  target: Pick<PullRequestTarget, "owner" | "repo">,
  wanted: Iterable<BlobWanted>,
  log?: Log,
): Promise<Map<string, Uint8Array>> {
  const blobs = new Map<string, Uint8Array>();
  const unique = new Map<string, BlobWanted>();
  for (const w of wanted) {
    if (blobs.has(w.sha) || unique.has(w.sha)) continue;
    const cached = blobCache.get(w.sha);
    if (cached) blobs.set(w.sha, cached);
    else unique.set(w.sha, w);
  }
  if (unique.size === 0) return blobs;
  const viaRest: string[] = [];
  const graphql = await graphqlReader(octokit);
  await mapLimit(batches([...unique.values()]), READ_CONCURRENCY, async (batch) => {
    const answers = await queryBlobs(graphql, target, batch).catch((error: unknown) => {
      log?.warn({ err: error }, "[mapguard] GraphQL refused a batch of blobs; reading them one by one");
      return null;
    });
    batch.forEach((w, i) => {
      const answer = answers?.[i];
      if (answer && answer.text !== null && !answer.isBinary && !answer.isTruncated && !answer.text.includes("\uFFFD")) {
        blobs.set(w.sha, new TextEncoder().encode(answer.text));
      } else {
        viaRest.push(w.sha);
      }
    });
  });
  for (const [sha, bytes] of await fetchBlobsOneByOne(octokit, target, viaRest)) blobs.set(sha, bytes);
  for (const sha of unique.keys()) {
    const bytes = blobs.get(sha);
    if (bytes) blobCache.set(sha, bytes);
  }
  return blobs;
}

function batches(wanted: BlobWanted[]): BlobWanted[][] {
  const out: BlobWanted[][] = [];
  let current: BlobWanted[] = [];
  let bytes = 0;
  for (const w of wanted) {
    const size = w.size ?? UNKNOWN_SIZE;
    if (current.length > 0 && (current.length >= BLOBS_PER_QUERY || bytes + size > BYTES_PER_QUERY)) {
      out.push(current);
      current = [];
      bytes = 0;
    }
    current.push(w);
    bytes += size;
  }
  if (current.length > 0) out.push(current);
  return out;
}

/** The query is named so that it can be told apart from mapguard's other GraphQL requests. */
export const BLOBS_QUERY_NAME = QUERY_NAMES.blobs;

async function queryBlobs(graphql: GraphqlRead, target: Pick<PullRequestTarget, "owner" | "repo">, batch: BlobWanted[]): Promise<(BlobAnswer | null)[]> {
  const params = batch.map((_, i) => `$o${i}: GitObjectID!`).join(", ");
  const fields = batch.map((_, i) => `b${i}: object(oid: $o${i}) { ... on Blob { text isBinary isTruncated } }`).join("\n    ");
  const query = `query ${BLOBS_QUERY_NAME}($owner: String!, $repo: String!, ${params}) {\n  repository(owner: $owner, name: $repo) {\n    ${fields}\n  }\n}`;
  const variables: Record<string, string> = { owner: target.owner, repo: target.repo };
  batch.forEach((w, i) => {
    variables[`o${i}`] = w.sha;
  });
  const data = await graphql<{ repository: Record<string, BlobAnswer | null> | null }>(query, variables);
  return batch.map((_, i) => data.repository?.[`b${i}`] ?? null);
}

async function fetchBlobsOneByOne(
  octokit: GitHubClient,
  target: Pick<PullRequestTarget, "owner" | "repo">,
  shas: string[],
): Promise<Map<string, Uint8Array>> {
  const queue = [...shas];
  const blobs = new Map<string, Uint8Array>();
  async function worker(): Promise<void> {
    for (let sha = queue.shift(); sha !== undefined; sha = queue.shift()) {
      const { data } = await octokit.rest.git.getBlob({ owner: target.owner, repo: target.repo, file_sha: sha });
      const encoding = data.encoding === "utf-8" ? "utf8" : "base64";
      blobs.set(sha, new Uint8Array(Buffer.from(data.content, encoding)));
    }
  }
  await Promise.all(Array.from({ length: Math.min(BLOB_CONCURRENCY, queue.length) }, worker));
  return blobs;
}
