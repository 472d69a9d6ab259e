// A local stand-in for GitHub's REST API: just the endpoints mapguard calls,
// over one embedded pull request, on loopback. It records every request so
// the demo can show, and tests can check, what the app did.
import { createHash, verify } from "node:crypto";
import type { KeyObject } from "node:crypto";
import { createServer } from "node:http";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { SamplePullRequest } from "./sample-repository.js";
import { BLOBS_QUERY_NAME } from "../github/load/fetch-blobs.js";
import { diffStat, unifiedPatch } from "./unified-diff.js";

export interface RecordedRequest {
  method: string;
  path: string;
  body: unknown;
  status: number;
}

export interface FakeCheckRun {
  id: number;
  name: string;
  head_sha: string;
  status: string;
  conclusion?: string;
  output: { title?: string; summary?: string };
  annotations: Record<string, unknown>[];
}

export interface FakeReviewComment {
  id: number;
  path: string;
  line: number;
  start_line?: number;
  body: string;
  user: { login: string; type: "Bot" };
}

export interface FakeReview {
  id: number;
  event?: string;
  body?: string;
  commit_id?: string;
  comments: FakeReviewComment[];
}

export interface FakeGitHub {
  /** API root to give Probot as `baseUrl`. */
  url: string;
  requests: RecordedRequest[];
  checkRuns: FakeCheckRun[];
  reviews: FakeReview[];
  /** Resolves when a check run is completed, rejects after `timeoutMs`. */
  waitForCompletedCheck(timeoutMs: number): Promise<FakeCheckRun>;
  close(): Promise<void>;
}

export const INSTALLATION_TOKEN = "ghs_mapguardDemoInstallationToken";
const APP_LOGIN = "mapguard[bot]";

export function gitBlobSha(text: string): string {
  const bytes = Buffer.from(text, "utf8");
  return createHash("sha1").update(`blob ${bytes.byteLength}\0`).update(bytes).digest("hex");
}

export async function startFakeGitHub(pr: SamplePullRequest, appPublicKey: KeyObject): Promise<FakeGitHub> {
  const requests: RecordedRequest[] = [];
  const checkRuns: FakeCheckRun[] = [];
  const reviews: FakeReview[] = [];
  const waiters: Array<() => void> = [];
  let nextId = 1000;
  const snapshots = new Map([pr.base, pr.head].map((s) => [s.sha, s]));
  const blobs = new Map<string, string>();
  for (const s of snapshots.values()) for (const text of Object.values(s.files)) blobs.set(gitBlobSha(text), text);
  const repoPrefix = `/repos/${pr.owner}/${pr.repo}`;

  /** The one GraphQL query the app makes of a new pull request: blobs in a batch. */
  function graphql(body: unknown): unknown {
    const { query, variables } = body as { query?: string; variables?: Record<string, string> };
    if (!query?.includes(BLOBS_QUERY_NAME)) return { errors: [{ message: "the stand-in answers only blob queries" }] };
    const repository: Record<string, unknown> = {};
    for (const [name, sha] of Object.entries(variables ?? {})) {
      const index = /^o(\d+)$/.exec(name)?.[1];
      const text = blobs.get(sha);
      if (index !== undefined) repository[`b${index}`] = text === undefined ? null : { text, isBinary: false, isTruncated: false };
    }
    return { data: { repository } };
  }

  function route(method: string, path: string, body: unknown, auth: string): [number, unknown] {
    const tokenCall = /^\/app\/installations\/\d+\/access_tokens$/.test(path);
    if (tokenCall) {
      if (method !== "POST" || !validAppJwt(auth, appPublicKey)) return [401, { message: "A JSON web token could not be decoded" }];
      return [201, { token: INSTALLATION_TOKEN, expires_at: new Date(Date.now() + 3_600_000).toISOString(), permissions: {}, repository_selection: "selected" }];
    }
    if (auth !== `token ${INSTALLATION_TOKEN}`) return [401, { message: "Bad credentials" }];
    if (method === "POST" && path === "/graphql") return [200, graphql(body)];
    if (!path.startsWith(`${repoPrefix}/`)) return [404, { message: "Not Found" }];
    const rest = path.slice(repoPrefix.length);
    let m: RegExpExecArray | null;
    if (method === "GET" && rest === `/pulls/${pr.number}`) {
      return [200, { number: pr.number, state: "open", title: pr.title, head: { sha: pr.head.sha }, base: { sha: pr.base.sha } }];
    }
    if (method === "GET" && rest === `/pulls/${pr.number}/files`) return [200, changedFiles(pr)];
    if (method === "GET" && rest === `/pulls/${pr.number}/comments`) return [200, reviews.flatMap((r) => r.comments)];
    if (method === "POST" && rest === `/pulls/${pr.number}/reviews`) {
      const input = body as { event?: string; body?: string; commit_id?: string; comments?: Omit<FakeReviewComment, "id" | "user">[] };
      const review: FakeReview = {
        id: nextId++,
        event: input.event,
        body: input.body,
        commit_id: input.commit_id,
        comments: (input.comments ?? []).map((c) => ({ ...c, id: nextId++, user: { login: APP_LOGIN, type: "Bot" as const } })),
      };
      reviews.push(review);
      return [200, { id: review.id, state: review.event === undefined ? "PENDING" : "COMMENTED" }];
    }
    if ((m = /^\/git\/trees\/([0-9a-f]{40})$/.exec(rest)) && method === "GET") {
      const snapshot = snapshots.get(m[1]);
      if (!snapshot) return [404, { message: "Not Found" }];
      const tree = Object.entries(snapshot.files).map(([p, text]) => ({ path: p, mode: "100644", type: "blob", sha: gitBlobSha(text), size: Buffer.byteLength(text) }));
      return [200, { sha: snapshot.sha, tree, truncated: false }];
    }
    if ((m = /^\/git\/blobs\/([0-9a-f]{40})$/.exec(rest)) && method === "GET") {
      const text = blobs.get(m[1]);
      if (text === undefined) return [404, { message: "Not Found" }];
      return [200, { sha: m[1], size: Buffer.byteLength(text), encoding: "base64", content: Buffer.from(text).toString("base64") }];
    }
    if (method === "POST" && rest === "/check-runs") {
      const input = body as { name: string; head_sha: string; status?: string };
      const run: FakeCheckRun = { id: nextId++, name: input.name, head_sha: input.head_sha, status: input.status ?? "queued", output: {}, annotations: [] };
      checkRuns.push(run);
      return [201, run];
    }
    if ((m = /^\/check-runs\/(\d+)$/.exec(rest)) && method === "PATCH") {
      const run = checkRuns.find((r) => r.id === Number(m?.[1]));
      if (!run) return [404, { message: "Not Found" }];
      const input = body as { status?: string; conclusion?: string; output?: { title?: string; summary?: string; annotations?: Record<string, unknown>[] } };
      if (input.status) run.status = input.status;
      if (input.conclusion) {
        run.conclusion = input.conclusion;
        run.status = "completed";
      }
      if (input.output) {
        run.output = { title: input.output.title, summary: input.output.summary };
        run.annotations.push(...(input.output.annotations ?? []));
      }
      return [200, run];
    }
    // Configuration lookups (.github/mapguard.yml, here and in the org's .github repository): none.
    return [404, { message: "Not Found" }];
  }

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://localhost");
      const raw = Buffer.concat(chunks).toString("utf8");
      const body: unknown = raw ? JSON.parse(raw) : undefined;
      const [status, answer] = route(req.method ?? "GET", url.pathname, body, req.headers.authorization ?? "");
      requests.push({ method: req.method ?? "GET", path: url.pathname + url.search, body, status });
      res.writeHead(status, { "content-type": "application/json; charset=utf-8" }).end(JSON.stringify(answer));
      if (checkRuns.some((r) => r.status === "completed")) for (const w of waiters.splice(0)) w();
    });
  });
  await new Promise<void>((resolve) => server.listen({ host: "127.0.0.1", port: 0 }, resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    checkRuns,
    reviews,
    waitForCompletedCheck: (timeoutMs) =>
      new Promise((resolve, reject) => {
        const done = () => checkRuns.find((r) => r.status === "completed");
        const found = done();
        if (found) return resolve(found);
        const timer = setTimeout(() => reject(new Error(`[mapguard] no check run was completed within ${timeoutMs} ms`)), timeoutMs);
        waiters.push(() => {
          clearTimeout(timer);
          const run = done();
          if (run) resolve(run);
        });
      }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function changedFiles(pr: SamplePullRequest): Record<string, unknown>[] {
  const paths = [...new Set([...Object.keys(pr.base.files), ...Object.keys(pr.head.files)])].sort();
  return paths.flatMap((filename) => {
    const before = pr.base.files[filename];
    const after = pr.head.files[filename];
    if (before === after) return [];
    const patch = unifiedPatch(before ?? "", after ?? "");
    const { additions, deletions } = diffStat(patch);
    const status = before === undefined ? "added" : after === undefined ? "removed" : "modified";
    return [{ filename, status, additions, deletions, changes: additions + deletions, patch, sha: after === undefined ? null : gitBlobSha(after) }];
  });
}

/** Checks the app's JWT really is signed with its private key (RS256). */
function validAppJwt(authorization: string, publicKey: KeyObject): boolean {
  const token = /^bearer (.+)$/i.exec(authorization)?.[1];
  const parts = token?.split(".");
  if (!parts || parts.length !== 3) return false;
  const [header, payload, signature] = parts;
  return verify("RSA-SHA256", Buffer.from(`${header}.${payload}`), publicKey, Buffer.from(signature, "base64url"));
}
