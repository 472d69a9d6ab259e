// A local stand-in for GitHub's API: just the endpoints mapguard calls, over
// one pull request at a time, on loopback. It records every request so the
// demo can show, and tests and the latency benchmark can check, what the app
// did; it can add a round-trip delay and inject faults (a write stored, then
// answered 500, or its connection dropped).
import { createHash, verify } from "node:crypto";
import type { KeyObject } from "node:crypto";
import { createServer } from "node:http";
import { performance } from "node:perf_hooks";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { RepositorySnapshot, SamplePullRequest } from "./sample-repository.js";
import { answerGraphql } from "./fake-graphql.js";
import { diffStat, unifiedPatch } from "./unified-diff.js";

export interface RecordedRequest {
  method: string;
  path: string;
  body: unknown;
  status: number;
  /** When the request arrived (performance.now()). */
  at?: number;
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

export interface FakeThread {
  id: string;
  /** The pull request's number. */
  pull: number;
  path: string;
  isResolved: boolean;
  comments: FakeReviewComment[];
}

export interface FakeIssueComment {
  id: number;
  body: string;
  user: { login: string; type: "Bot" };
  created_at: string;
}

/**
 * A fault to inject once: the request matching `method` and `path` (a regex
 * over the path without the query) is handled — a write is stored — and then
 * answered with `status`, as GitHub sometimes does; "reset" drops the
 * connection instead of answering.
 */
export interface FakeFault {
  method: string;
  path: RegExp;
  status: number | "reset";
}

export interface FakeGitHubOptions {
  /** Added to every answer, like a network round trip (default 0). */
  latencyMs?: number;
  faults?: FakeFault[];
}

/** What the stand-in holds; the GraphQL part reads and changes it. */
export interface FakeState {
  pr: SamplePullRequest;
  snapshots: Map<string, RepositorySnapshot>;
  blobs: Map<string, string>;
  threads: FakeThread[];
  shaOf(text: string): string;
}

export interface FakeGitHub {
  /** API root to give Probot as `baseUrl`. */
  url: string;
  requests: RecordedRequest[];
  checkRuns: FakeCheckRun[];
  reviews: FakeReview[];
  threads: FakeThread[];
  issueComments: FakeIssueComment[];
  reactions: { commentId: number; content: string }[];
  /** Faults still to inject. */
  faults: FakeFault[];
  /** Serves another pull request from now on (recorded state is kept). */
  setPullRequest(pr: SamplePullRequest): void;
  /**
   * Resolves when a check run on `headSha` (default: any), among those created
   * from index `since` of `checkRuns` on, is completed; rejects after `timeoutMs`.
   */
  waitForCompletedCheck(timeoutMs: number, headSha?: string, since?: number): Promise<FakeCheckRun>;
  close(): Promise<void>;
}

export const INSTALLATION_TOKEN = "ghs_mapguardDemoInstallationToken";
const APP_LOGIN = "mapguard[bot]";
const FILES_PER_PAGE_MAX = 100;

const shaCache = new Map<string, string>();
export function gitBlobSha(text: string): string {
  const cached = shaCache.get(text);
  if (cached !== undefined) return cached;
  const bytes = Buffer.from(text, "utf8");
  const sha = createHash("sha1").update(`blob ${bytes.byteLength}\0`).update(bytes).digest("hex");
  if (shaCache.size > 10_000) shaCache.clear();
  shaCache.set(text, sha);
  return sha;
}

export async function startFakeGitHub(initial: SamplePullRequest, appPublicKey: KeyObject, options: FakeGitHubOptions = {}): Promise<FakeGitHub> {
  const requests: RecordedRequest[] = [];
  const checkRuns: FakeCheckRun[] = [];
  const reviews: FakeReview[] = [];
  const threads: FakeThread[] = [];
  const issueComments: FakeIssueComment[] = [];
  const reactions: { commentId: number; content: string }[] = [];
  const faults = [...(options.faults ?? [])];
  const waiters: Array<() => void> = [];
  let nextId = 1000;
  const state: FakeState = { pr: initial, snapshots: new Map(), blobs: new Map(), threads, shaOf: gitBlobSha };
  const setPullRequest = (pr: SamplePullRequest) => {
    state.pr = pr;
    for (const s of [pr.base, pr.head]) {
      state.snapshots.set(s.sha, s);
      for (const text of Object.values(s.files)) state.blobs.set(gitBlobSha(text), text);
    }
  };
  setPullRequest(initial);

  function route(method: string, path: string, search: URLSearchParams, body: unknown, auth: string): [number, unknown, Record<string, string>?] {
    const pr = state.pr;
    const repoPrefix = `/repos/${pr.owner}/${pr.repo}`;
    const tokenCall = /^\/app\/installations\/\d+\/access_tokens$/.test(path);
    if (tokenCall) {
      if (method !== "POST" || !validAppJwt(auth, appPublicKey)) return [401, { message: "A JSON web token could not be decoded" }];
      return [201, { token: INSTALLATION_TOKEN, expires_at: new Date(Date.now() + 3_600_000).toISOString(), permissions: {}, repository_selection: "selected" }];
    }
    if (auth !== `token ${INSTALLATION_TOKEN}`) return [401, { message: "Bad credentials" }];
    if (method === "POST" && path === "/graphql") return [200, answerGraphql(state, body)];
    if (!path.startsWith(`${repoPrefix}/`)) return [404, { message: "Not Found" }];
    const rest = path.slice(repoPrefix.length);
    const pulls = `/pulls/${pr.number}`;
    let m: RegExpExecArray | null;
    if (method === "GET" && rest === pulls) {
      return [200, { number: pr.number, state: "open", title: pr.title, head: { sha: pr.head.sha }, base: { sha: pr.base.sha } }];
    }
    if (method === "GET" && rest === `${pulls}/files`) {
      const perPage = Math.min(Number(search.get("per_page") ?? 30), FILES_PER_PAGE_MAX);
      const page = Number(search.get("page") ?? 1);
      const all = changedFiles(pr);
      const last = Math.max(1, Math.ceil(all.length / perPage));
      const link = page < last ? { link: `<${baseUrl}${path}?per_page=${perPage}&page=${page + 1}>; rel="next", <${baseUrl}${path}?per_page=${perPage}&page=${last}>; rel="last"` } : undefined;
      return [200, all.slice((page - 1) * perPage, page * perPage), link];
    }
    if (method === "GET" && rest === `${pulls}/comments`) return [200, threads.filter((t) => t.pull === pr.number).flatMap((t) => t.comments)];
    if (method === "GET" && rest === `${pulls}/reviews`) return [200, reviews.map((r) => ({ id: r.id, body: r.body, commit_id: r.commit_id, state: r.event === undefined ? "PENDING" : "COMMENTED" }))];
    if (method === "POST" && rest === `${pulls}/reviews`) {
      const input = body as { event?: string; body?: string; commit_id?: string; comments?: Omit<FakeReviewComment, "id" | "user">[] };
      const review: FakeReview = {
        id: nextId++,
        event: input.event,
        body: input.body,
        commit_id: input.commit_id,
        comments: (input.comments ?? []).map((c) => ({ ...c, id: nextId++, user: { login: APP_LOGIN, type: "Bot" as const } })),
      };
      reviews.push(review);
      if (review.event !== undefined) {
        for (const c of review.comments) threads.push({ id: `T${c.id}`, pull: pr.number, path: c.path, isResolved: false, comments: [c] });
      }
      return [200, { id: review.id, state: review.event === undefined ? "PENDING" : "COMMENTED" }];
    }
    if ((m = /^\/pulls\/\d+\/reviews\/(\d+)$/.exec(rest)) && method === "DELETE") {
      const index = reviews.findIndex((r) => r.id === Number(m?.[1]) && r.event === undefined);
      if (index < 0) return [404, { message: "Not Found" }];
      reviews.splice(index, 1);
      return [200, {}];
    }
    if ((m = /^\/pulls\/\d+\/comments\/(\d+)\/replies$/.exec(rest)) && method === "POST") {
      const thread = threads.find((t) => t.comments[0]?.id === Number(m?.[1]));
      if (!thread) return [404, { message: "Not Found" }];
      const reply: FakeReviewComment = { id: nextId++, path: thread.path, line: thread.comments[0].line, body: String((body as { body?: string }).body), user: { login: APP_LOGIN, type: "Bot" } };
      thread.comments.push(reply);
      return [201, reply];
    }
    if (rest === `/issues/${pr.number}/comments` && method === "POST") {
      const comment: FakeIssueComment = { id: nextId++, body: String((body as { body?: string }).body), user: { login: APP_LOGIN, type: "Bot" }, created_at: new Date().toISOString() };
      issueComments.push(comment);
      return [201, comment];
    }
    if (rest === `/issues/${pr.number}/comments` && method === "GET") return [200, issueComments];
    if ((m = /^\/issues\/comments\/(\d+)\/reactions$/.exec(rest)) && method === "POST") {
      const commentId = Number(m[1]);
      const content = String((body as { content?: string }).content);
      // GitHub answers 200 with the existing reaction instead of adding it twice.
      if (reactions.some((r) => r.commentId === commentId && r.content === content)) return [200, { content }];
      reactions.push({ commentId, content });
      return [201, { content }];
    }
    if ((m = /^\/git\/trees\/([0-9a-f]{40})$/.exec(rest)) && method === "GET") {
      const snapshot = state.snapshots.get(m[1]);
      if (!snapshot) return [404, { message: "Not Found" }];
      const tree = Object.entries(snapshot.files).map(([p, text]) => ({ path: p, mode: "100644", type: "blob", sha: gitBlobSha(text), size: Buffer.byteLength(text) }));
      return [200, { sha: snapshot.sha, tree, truncated: false }];
    }
    if ((m = /^\/git\/blobs\/([0-9a-f]{40})$/.exec(rest)) && method === "GET") {
      const text = state.blobs.get(m[1]);
      if (text === undefined) return [404, { message: "Not Found" }];
      return [200, { sha: m[1], size: Buffer.byteLength(text), encoding: "base64", content: Buffer.from(text).toString("base64") }];
    }
    if (method === "POST" && rest === "/check-runs") {
      const input = body as { name: string; head_sha: string; status?: string };
      const run: FakeCheckRun = { id: nextId++, name: input.name, head_sha: input.head_sha, status: input.status ?? "queued", output: {}, annotations: [] };
      checkRuns.push(run);
      return [201, run];
    }
    if ((m = /^\/commits\/([0-9a-f]{40})\/check-runs$/.exec(rest)) && method === "GET") {
      const runs = checkRuns.filter((r) => r.head_sha === m?.[1] && (!search.get("check_name") || r.name === search.get("check_name")));
      return [200, { total_count: runs.length, check_runs: runs.map(publicRun).reverse() }];
    }
    if ((m = /^\/check-runs\/(\d+)$/.exec(rest))) {
      const run = checkRuns.find((r) => r.id === Number(m?.[1]));
      if (!run) return [404, { message: "Not Found" }];
      if (method === "GET") return [200, publicRun(run)];
      if (method !== "PATCH") return [404, { message: "Not Found" }];
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
      return [200, publicRun(run)];
    }
    // Configuration lookups over REST (.github/mapguard.yml, here and in the org's .github repository): none.
    return [404, { message: "Not Found" }];
  }

  const latency = options.latencyMs ?? 0;
  let baseUrl = "";
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://localhost");
      const raw = Buffer.concat(chunks).toString("utf8");
      const body: unknown = raw ? JSON.parse(raw) : undefined;
      const method = req.method ?? "GET";
      let [status, answer, headers] = route(method, url.pathname, url.searchParams, body, req.headers.authorization ?? "");
      const fault = faults.findIndex((f) => f.method === method && f.path.test(url.pathname));
      let reset = false;
      if (fault >= 0) {
        // The write above was stored; the answer is lost.
        const [f] = faults.splice(fault, 1);
        if (f.status === "reset") reset = true;
        else [status, answer] = [f.status, { message: "Server Error" }];
      }
      requests.push({ method, path: url.pathname + url.search, body, status: reset ? 0 : status, at: performance.now() });
      const send = () => {
        if (reset) req.socket.destroy();
        else res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers }).end(JSON.stringify(answer));
        if (checkRuns.some((r) => r.status === "completed")) for (const w of waiters.splice(0)) w();
      };
      if (latency > 0) setTimeout(send, latency);
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen({ host: "127.0.0.1", port: 0 }, resolve));
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://127.0.0.1:${port}`;

  return {
    url: baseUrl,
    requests,
    checkRuns,
    reviews,
    threads,
    issueComments,
    reactions,
    faults,
    setPullRequest,
    waitForCompletedCheck: (timeoutMs, headSha, since = 0) =>
      new Promise((resolve, reject) => {
        const done = () => checkRuns.slice(since).find((r) => r.status === "completed" && (headSha === undefined || r.head_sha === headSha));
        const found = done();
        if (found) return resolve(found);
        const timer = setTimeout(() => reject(new Error(`[mapguard] no check run was completed within ${timeoutMs} ms`)), timeoutMs);
        const wait = () => {
          const run = done();
          if (!run) return void waiters.push(wait);
          clearTimeout(timer);
          resolve(run);
        };
        waiters.push(wait);
      }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function publicRun(run: FakeCheckRun): Record<string, unknown> {
  return { ...run, output: { ...run.output, annotations_count: run.annotations.length }, annotations: undefined };
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
