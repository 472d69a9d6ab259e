// Every write under the one fault that makes retries dangerous: GitHub stores
// it, then answers 500 (or the connection drops). The client is Probot's own
// Octokit with its real retry and throttling plugins (fast timers), so a
// write sent blindly again would reach nock a second time — and find no
// interceptor, which fails the test at teardown.
import nock from "nock";
import type { Probot } from "probot";
import { beforeEach, describe, expect, it } from "vitest";
import { answerMarker } from "../../src/github/handlers/issue-comment.js";
import { QUERY_NAMES } from "../../src/github/query-names.js";
import { timedFetch } from "../../src/github/timed-fetch.js";
import { markerFor } from "../../src/review/render.js";
import { fakeFinding } from "./fake-pool.js";
import {
  API,
  emptyRecorded,
  fixture,
  isQuery,
  mockConfig,
  mockLoad,
  mockToken,
  pullStateAnswer,
  threadOf,
} from "./github-mock.js";
import type { PullRequestModel, Recorded } from "./github-mock.js";
import { useMockedGitHub } from "./mocked-github.js";
import { RetryingOctokit } from "./retrying-octokit.js";

type Json = Record<string, unknown>;
const repoPath = "/repos/acme/service";
const HEAD = "a".repeat(40);
const BOT = { login: "mapguard[bot]", type: "Bot" };

const BASE_GO = "package svc\n\nfunc Count(names []string) {\n\tfor range names {\n\t}\n}\n";
const HEAD_GO = "package svc\n\nfunc Count(names []string) {\n\tvar m map[string]int\n\tfor _, n := range names {\n\t\tm[n]++ // BUG\n\t}\n}\n";
const oneBug: PullRequestModel = { base: { "svc/count.go": BASE_GO }, head: { "svc/count.go": HEAD_GO } };

/** How a stored write's answer is lost: a 500, the connection dropped before any answer, or no answer before the client's deadline. */
type Loss = "500" | "reset" | "timeout";
const LOSSES: readonly Loss[] = ["500", "reset", "timeout"];

/**
 * The client's deadline in these tests (production: REQUEST_TIMEOUT_MS), and how long a "timeout" answer is held.
 * Every request of this file runs under the deadline: at 100 ms, an ordinary answer on a loaded machine (the whole
 * suite beside a fuzzer) missed it once, and its retry was a request no mock expected.
 */
const DEADLINE_MS = 500;
const HELD_MS = 3_000;

/**
 * One request to `path` that GitHub handles — `store` sees its body — and
 * then answers as `answer` says.
 */
function mockWrite(method: "post" | "patch", path: string, store: (body: Json) => void, answer: () => "ok" | Loss, ok: () => [number, Json]): void {
  let body: Json = {};
  const scope = nock(API)[method](path, (b: Json) => {
    body = b;
    return true;
  });
  // Decided when the request arrives, after the body matcher saw it.
  const outcome = () => {
    store(body);
    return answer();
  };
  scope.reply(function () {
    const result = outcome();
    if (result === "timeout") {
      // Stored, and answered only long after the client stopped waiting.
      this.delayConnection(HELD_MS);
      return ok();
    }
    if (result === "reset") {
      this.req.destroy(Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }));
      return [500, {}];
    }
    return result === "500" ? [500, { message: "Server Error" }] : ok();
  });
}


/** Answers resolveReviewThread for thread T11, recording the variables of each call. */
function mockResolve(): Json[] {
  const resolved: Json[] = [];
  nock(API)
    .post("/graphql", isQuery(QUERY_NAMES.resolve))
    .reply(200, (_uri, body) => {
      resolved.push((body as { variables: Json }).variables);
      return { data: { resolveReviewThread: { thread: { id: "T11", isResolved: true } } } };
    });
  return resolved;
}
describe("writes under faults, with Octokit's real retry and throttling plugins", () => {
  const github = useMockedGitHub({ Octokit: RetryingOctokit, request: { fetch: timedFetch(DEADLINE_MS) } });
  let probot: Probot;
  let recorded: Recorded;
  let checkRuns: Json[];

  beforeEach(() => {
    ({ probot } = github);
    recorded = emptyRecorded();
    checkRuns = [];
  });

  /** The pull request's threads as GitHub holds them: one per inline comment of every stored review. */
  function storedThreads(): Json[] {
    return recorded.reviews.flatMap((r) =>
      ((r.comments as { path: string; body: string }[] | undefined) ?? []).map((c, i) => threadOf([{ id: 800 + i, path: c.path, body: c.body, user: BOT }])),
    );
  }
  function mockPullState(times: number) {
    nock(API).post("/graphql", isQuery(QUERY_NAMES.pullState)).times(times).reply(200, () => pullStateAnswer(storedThreads()));
  }
  function mockCheckRunStored(updates: number) {
    nock(API)
      .post(`${repoPath}/check-runs`)
      .reply(201, (_uri, body) => {
        checkRuns.push(body as Json);
        return { id: 555 };
      });
    if (updates === 0) return;
    nock(API)
      .patch(`${repoPath}/check-runs/555`)
      .times(updates)
      .reply(200, (_uri, body) => {
        recorded.checkUpdates.push(body as Json);
        return { id: 555 };
      });
  }
  /** Each reply of createReview in turn: the review is stored, and its answer lost or not. */
  function mockReviewPosts(answers: ("ok" | Loss)[]) {
    for (const answer of answers) {
      mockWrite("post", `${repoPath}/pulls/42/reviews`, (body) => recorded.reviews.push(body), () => answer, () => [200, { id: 700 + recorded.reviews.length }]);
    }
  }
  /** A pull request whose head no longer has the finding an earlier run commented on; returns that finding's fingerprint. */
  function mockFixedPullRequest(): string {
    const gone = fakeFinding("svc/count.go", 6, "\t\tm[old]++ // BUG").fingerprint;
    const clean: PullRequestModel = { base: { "svc/count.go": BASE_GO }, head: { "svc/count.go": BASE_GO.replace("range names", "range names[1:]") } };
    mockToken();
    mockConfig(null);
    mockCheckRunStored(1);
    mockLoad(clean, { head: ["svc/count.go"], base: ["svc/count.go"] });
    return gone;
  }
  const receivePullRequest = () => probot.receive({ name: "pull_request", payload: fixture("pull_request.opened.json") } as never);

  for (const loss of LOSSES) {
    it(`posts a review once when GitHub stores it and the answer is lost (${loss})`, async () => {
      mockToken();
      mockConfig(null);
      mockCheckRunStored(1);
      mockLoad(oneBug, { head: ["svc/count.go"], base: ["svc/count.go"] });
      // Once after analysing, once more after the failed post to see what landed.
      mockPullState(2);
      mockReviewPosts([loss]);
      await receivePullRequest();
      expect(recorded.reviews).toHaveLength(1);
      expect(recorded.checkUpdates[0]).toMatchObject({ status: "completed", conclusion: "failure" });
      // The comment counts as posted: the summary says so, as the PR shows it.
      expect(String((recorded.checkUpdates[0].output as Json).summary)).not.toMatch(/not commented/i);
    });
  }

  it("posts the review again when the failed post did not land, and only once more", async () => {
    mockToken();
    mockConfig(null);
    mockCheckRunStored(1);
    mockLoad(oneBug, { head: ["svc/count.go"], base: ["svc/count.go"] });
    mockPullState(2);
    nock(API).post(`${repoPath}/pulls/42/reviews`).reply(502, { message: "Bad Gateway" });
    mockReviewPosts(["ok"]);
    await receivePullRequest();
    expect(recorded.reviews).toHaveLength(1);
    const comments = recorded.reviews[0].comments as { line: number }[];
    expect(comments.map((c) => c.line)).toEqual([6]);
  });

  for (const loss of LOSSES) {
    it(`creates the check run once when its creation's answer is lost (${loss}), and completes that run`, async () => {
      mockToken();
      mockConfig(null);
      mockWrite("post", `${repoPath}/check-runs`, (body) => checkRuns.push(body), () => loss, () => [201, {}]);
      nock(API)
        .get(`${repoPath}/commits/${HEAD}/check-runs`)
        .query(true)
        .reply(200, () => ({ total_count: 1, check_runs: [{ id: 556, external_id: checkRuns[0].external_id, status: "in_progress" }] }));
      nock(API)
        .patch(`${repoPath}/check-runs/556`)
        .reply(200, (_uri, body) => {
          recorded.checkUpdates.push(body as Json);
          return { id: 556 };
        });
      mockLoad({ base: {}, head: { "svc/a.go": "package svc\n" } }, { head: ["svc/a.go"], base: [] });
      mockPullState(1);
      await receivePullRequest();
      expect(checkRuns).toHaveLength(1);
      expect(checkRuns[0].external_id).toMatch(/^mapguard-/);
      expect(recorded.checkUpdates[0]).toMatchObject({ status: "completed", conclusion: "success" });
    });
  }

  for (const loss of LOSSES) {
    it(`sends a batch of annotations once when its update's answer is lost (${loss})`, async () => {
      const lines = Array.from({ length: 60 }, (_, i) => `\tm["k${i}"] = ${i} // BUG`);
      const head = `package svc\n\nfunc Many() {\n\tvar m map[string]int\n${lines.join("\n")}\n}\n`;
      mockToken();
      mockConfig("review:\n  comments: false\n");
      mockCheckRunStored(0);
      mockLoad({ base: {}, head: { "svc/many.go": head } }, { head: ["svc/many.go"], base: [] });
      mockPullState(1);
      let stored = 0;
      const store = (body: Json) => {
        recorded.checkUpdates.push(body);
        stored += ((body as { output: { annotations: unknown[] } }).output.annotations ?? []).length;
      };
      // The first update (completion and 50 annotations) lands, its answer does not; the second goes through.
      mockWrite("patch", `${repoPath}/check-runs/555`, store, () => loss, () => [200, {}]);
      mockWrite("patch", `${repoPath}/check-runs/555`, store, () => "ok", () => [200, { id: 555 }]);
      nock(API)
        .get(`${repoPath}/check-runs/555`)
        .reply(200, () => ({ id: 555, status: "completed", output: { annotations_count: stored } }));
      await receivePullRequest();
      expect(recorded.checkUpdates.map((u) => (u.output as { annotations: unknown[] }).annotations.length)).toEqual([50, 10]);
      expect(stored).toBe(60);
    });
  }

  for (const loss of LOSSES) {
    it(`replies 'Fixed in' once when the reply's answer is lost (${loss}), and resolves the thread`, async () => {
      const gone = mockFixedPullRequest();
      nock(API)
        .post("/graphql", isQuery(QUERY_NAMES.pullState))
        .reply(200, pullStateAnswer([threadOf([{ id: 11, path: "svc/count.go", body: markerFor(gone), user: BOT }])]));
      const replies: string[] = [];
      mockWrite("post", `${repoPath}/pulls/42/comments/11/replies`, (body) => replies.push(String(body.body)), () => loss, () => [201, {}]);
      nock(API)
        .post("/graphql", isQuery(QUERY_NAMES.thread))
        .reply(200, () => ({ data: { node: { comments: { nodes: [{ body: markerFor(gone), author: { __typename: "Bot" } }, ...replies.map((body) => ({ body, author: { __typename: "Bot" } }))] } } } }));
      const resolved = mockResolve();
      await receivePullRequest();
      expect(replies).toEqual([`Fixed in ${HEAD}.`]);
      expect(resolved).toEqual([{ threadId: "T11" }]);
    });
  }

  it("resolves without replying again a thread whose 'Fixed in' reply an earlier run posted", async () => {
    const gone = mockFixedPullRequest();
    const thread = threadOf([
      { id: 11, path: "svc/count.go", body: markerFor(gone), user: BOT },
      { id: 12, path: "svc/count.go", body: `Fixed in ${"9".repeat(40)}.`, user: BOT },
    ]);
    nock(API).post("/graphql", isQuery(QUERY_NAMES.pullState)).reply(200, pullStateAnswer([thread]));
    const resolved = mockResolve();
    await receivePullRequest();
    expect(resolved).toEqual([{ threadId: "T11" }]);
  });

  describe("commands", () => {
    function comment(body: string): Json {
      const payload = fixture("issue_comment.created.json") as Json & { comment: Json };
      return { ...payload, comment: { ...payload.comment, body, created_at: "2026-01-01T00:00:00Z" }, sender: { login: "alice", id: 9, type: "User" } };
    }
    /** Reactions as GitHub keeps them: adding one that exists answers 200 and adds nothing. */
    function mockReactions(reactions: string[], lossOnFirst: Loss | null, times: number) {
      for (let i = 0; i < times; i++) {
        let content = "";
        let exists = false;
        mockWrite(
          "post",
          "/repos/acme/service/issues/comments/9001/reactions",
          (body) => {
            content = String(body.content);
            exists = reactions.includes(content);
            if (!exists) reactions.push(content);
          },
          () => (lossOnFirst && i === 0 ? lossOnFirst : "ok"),
          () => [exists ? 200 : 201, { content }],
        );
      }
    }

    for (const loss of LOSSES) {
      it(`answers /mapguard help once when the answer's post is lost (${loss}), finding it by its marker`, async () => {
        mockToken();
        const reactions: string[] = [];
        mockReactions(reactions, null, 2);
        const answers: string[] = [];
        mockWrite("post", `${repoPath}/issues/42/comments`, (body) => answers.push(String(body.body)), () => loss, () => [201, {}]);
        nock(API)
          .get(`${repoPath}/issues/42/comments`)
          .query((q) => q.since === "2026-01-01T00:00:00Z")
          .reply(200, () => answers.map((body, i) => ({ id: 60 + i, body, user: BOT })));
        await probot.receive({ name: "issue_comment", payload: comment("/mapguard help") } as never);
        expect(answers).toHaveLength(1);
        expect(answers[0]).toContain("/mapguard rescan");
        expect(answers[0]).toContain(answerMarker(9001));
        expect(reactions).toEqual(["eyes", "rocket"]);
      });
    }

    for (const loss of LOSSES) {
      it(`reacts once when a reaction's answer is lost (${loss}): the retry finds it there`, async () => {
        mockToken();
        const reactions: string[] = [];
        // eyes (lost), eyes again (GitHub: already there), rocket.
        mockReactions(reactions, loss, 3);
        nock(API).post(`${repoPath}/issues/42/comments`).reply(201, { id: 61 });
        await probot.receive({ name: "issue_comment", payload: comment("/mapguard help") } as never);
        expect(reactions).toEqual(["eyes", "rocket"]);
      });
    }
  });
});
