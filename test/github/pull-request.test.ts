import nock from "nock";
import type { Probot } from "probot";
import { beforeEach, describe, expect, it } from "vitest";
import { markerFor } from "../../src/review/render.js";
import { fakeFinding } from "./fake-pool.js";
import { useMockedGitHub } from "./mocked-github.js";
import type { MockedGitHub } from "./mocked-github.js";
import {
  emptyRecorded,
  fixture,
  isQuery,
  mockCheckRun,
  mockConfig,
  mockDeletePending,
  mockHead,
  mockLoad,
  mockRestBlob,
  mockRestConfig,
  mockReviews,
  mockToken,
  pullFiles,
  pullStateAnswer,
  threadOf,
  treeAnswer,
} from "./github-mock.js";
import { QUERY_NAMES } from "../../src/github/query-names.js";
import { gitBlobSha } from "../../src/demo/fake-github.js";
import type { PullRequestModel, Recorded } from "./github-mock.js";


const BASE_GO = "package svc\n\nfunc Count(names []string) {\n\tfor range names {\n\t}\n}\n";
const HEAD_GO = "package svc\n\nfunc Count(names []string) {\n\tvar m map[string]int\n\tfor _, n := range names {\n\t\tm[n]++ // BUG\n\t}\n}\n";
const SIBLING = "package svc\n\nfunc Other() {}\n";

const oneBug: PullRequestModel = {
  base: { "svc/count.go": BASE_GO, "svc/other.go": SIBLING, "README.md": "hi\n" },
  head: { "svc/count.go": HEAD_GO, "svc/other.go": SIBLING, "README.md": "hi\n" },
};

type Body = Record<string, unknown>;
type ApiComment = { path: string; line: number; body: string; start_line?: number };

describe("pull_request handler and pipeline", () => {
  const github = useMockedGitHub();
  let probot: Probot;
  let pool: MockedGitHub["pool"];
  let recorded: Recorded;

  beforeEach(() => {
    ({ probot, pool } = github);
    recorded = emptyRecorded();
  });

  function standardRun(model: PullRequestModel, opts: { updates?: number; reviews?: number[]; existing?: Body[]; blobs?: { head: string[]; base: string[] } } = {}) {
    mockToken();
    mockConfig(null);
    mockCheckRun(recorded, opts.updates ?? 1);
    mockLoad(model, opts.blobs ?? { head: ["svc/count.go", "svc/other.go"], base: ["svc/count.go"] });
    mockHead(undefined, opts.existing ?? []);
    if (opts.reviews) mockReviews(recorded, opts.reviews);
  }

  it("creates the check in_progress, completes it failing, and then posts one review on the new write", async () => {
    standardRun(oneBug, { reviews: [200] });
    await probot.receive({ name: "pull_request", payload: fixture("pull_request.opened.json") } as never);

    // The check (what merge gating waits for) is completed before the review is posted.
    expect(recorded.writes).toEqual(["check-create", "check-update", "review"]);

    expect(recorded.checkCreates).toHaveLength(1);
    expect(recorded.checkCreates[0]).toMatchObject({ name: "mapguard", status: "in_progress", head_sha: "a".repeat(40) });
    expect(recorded.checkUpdates[0]).toMatchObject({ status: "completed", conclusion: "failure" });
    const output = recorded.checkUpdates[0].output as { annotations: Body[] };
    expect(output.annotations).toHaveLength(1);
    expect(output.annotations[0]).toMatchObject({ path: "svc/count.go", start_line: 6 });

    expect(recorded.reviews).toHaveLength(1);
    const review = recorded.reviews[0] as { event: string; commit_id: string; comments: ApiComment[] };
    expect(review.event).toBe("COMMENT");
    expect(review.commit_id).toBe("a".repeat(40));
    expect(review.comments).toHaveLength(1);
    expect(review.comments[0]).toMatchObject({ path: "svc/count.go", line: 6, side: "RIGHT" });
    expect(review.comments[0]).not.toHaveProperty("start_line");
    expect(review.comments[0]).not.toHaveProperty("fingerprint");
    expect(review.comments[0].body).toContain(markerFor(fakeFinding("svc/count.go", 6, "\t\tm[n]++ // BUG").fingerprint));

    // Head and base: the changed file with its package sibling (README.md is not Go).
    const analysed = pool.calls.map((files) => files.map((f) => f.path).sort());
    expect(analysed).toEqual([
      ["svc/count.go", "svc/other.go"],
      ["svc/count.go", "svc/other.go"],
    ]);
    const baseText = pool.calls[1].find((f) => f.path === "svc/count.go")?.text;
    expect(baseText).toBe(BASE_GO);
  });

  it("tells the analysis the module's go directive, from the go.mod nearest the changed package", async () => {
    const model: PullRequestModel = {
      base: { ...oneBug.base, "go.mod": "module example.com/root\n\ngo 1.19\n", "svc/go.mod": "module example.com/svc\n\ngo 1.22 // maps.Clone\n" },
      head: { ...oneBug.head, "go.mod": "module example.com/root\n\ngo 1.19\n", "svc/go.mod": "module example.com/svc\n\ngo 1.22 // maps.Clone\n" },
    };
    standardRun(model, { reviews: [200], blobs: { head: ["svc/count.go", "svc/other.go", "svc/go.mod"], base: ["svc/count.go"] } });
    await probot.receive({ name: "pull_request", payload: fixture("pull_request.opened.json") } as never);
    expect(pool.options.map((o) => o?.goVersion)).toEqual(["1.22", "1.22"]);
  });

  it("sends 120 annotations 50 per request and caps inline comments at 30, listing the rest in the review body", async () => {
    const lines = Array.from({ length: 120 }, (_, i) => `\tm["k${i}"] = ${i} // BUG`);
    const head = `package svc\n\nfunc Many() {\n\tvar m map[string]int\n${lines.join("\n")}\n}\n`;
    const model: PullRequestModel = { base: {}, head: { "svc/many.go": head } };
    standardRun(model, { updates: 3, reviews: [200], blobs: { head: ["svc/many.go"], base: [] } });
    await probot.receive({ name: "pull_request", payload: fixture("pull_request.opened.json") } as never);

    const counts = recorded.checkUpdates.map((u) => (u.output as { annotations: unknown[] }).annotations.length);
    expect(counts).toEqual([50, 50, 20]);
    expect(recorded.checkUpdates[0]).toMatchObject({ status: "completed", conclusion: "failure" });
    expect(recorded.checkUpdates[1]).not.toHaveProperty("conclusion");
    const review = recorded.reviews[0] as { body: string; comments: ApiComment[] };
    expect(review.comments).toHaveLength(30);
    expect(review.body).toContain("90 more findings");
    expect(review.body).toContain("svc/many.go:124");
  });

  it("posts no review when nothing was found, and the check succeeds", async () => {
    const model: PullRequestModel = { base: { "svc/a.go": "package svc\n" }, head: { "svc/a.go": "package svc\n\nfunc A() {}\n" } };
    standardRun(model, { blobs: { head: ["svc/a.go"], base: ["svc/a.go"] } });
    await probot.receive({ name: "pull_request", payload: fixture("pull_request.opened.json") } as never);
    expect(recorded.checkUpdates[0]).toMatchObject({ status: "completed", conclusion: "success" });
    expect(recorded.reviews).toEqual([]);
  });

  it("does not post a finding again when an earlier mapguard comment carries its fingerprint", async () => {
    const fp = fakeFinding("svc/count.go", 6, "\t\tm[n]++ // BUG").fingerprint;
    standardRun(oneBug, {
      reviews: [],
      existing: [
        { id: 1, path: "svc/count.go", line: 6, body: `old text\n\n${markerFor(fp)}`, user: { login: "mapguard[bot]", type: "Bot" } },
      ],
    });
    await probot.receive({ name: "pull_request", payload: fixture("pull_request.opened.json") } as never);
    expect(recorded.reviews).toEqual([]);
    expect(recorded.checkUpdates[0]).toMatchObject({ conclusion: "failure" });
  });

  it("replies 'Fixed in <sha>' and resolves its own thread when the finding is gone, but leaves a thread someone answered", async () => {
    const gone = fakeFinding("svc/count.go", 6, "\t\tm[other]++ // BUG").fingerprint;
    const answered = fakeFinding("svc/count.go", 7, "\t\tm[third]++ // BUG").fingerprint;
    const still = fakeFinding("svc/count.go", 6, "\t\tm[n]++ // BUG").fingerprint;
    const bot = { login: "mapguard[bot]", type: "Bot" };
    mockToken();
    mockConfig(null);
    mockCheckRun(recorded, 1);
    mockLoad(oneBug, { head: ["svc/count.go", "svc/other.go"], base: ["svc/count.go"] });
    const threads = [
      threadOf([{ id: 11, path: "svc/count.go", body: markerFor(gone), user: bot }]),
      threadOf([
        { id: 12, path: "svc/count.go", body: markerFor(answered), user: bot },
        { id: 99, path: "svc/count.go", body: "I disagree", user: { login: "eve", type: "User" } },
      ]),
      threadOf([{ id: 13, path: "svc/count.go", body: markerFor(still), user: bot }]),
    ];
    nock("https://api.github.com").post("/graphql", isQuery(QUERY_NAMES.pullState)).reply(200, pullStateAnswer(threads));
    const graphql: Body[] = [];
    nock("https://api.github.com")
      .post("/graphql", isQuery(QUERY_NAMES.resolve))
      .reply(200, (_uri, body) => {
        graphql.push(body as Body);
        return { data: { resolveReviewThread: { thread: { id: "T11", isResolved: true } } } };
      });
    const replies: Body[] = [];
    nock("https://api.github.com")
      .post("/repos/acme/service/pulls/42/comments/11/replies")
      .reply(201, (_uri, body) => {
        replies.push(body as Body);
        return { id: 500 };
      });
    await probot.receive({ name: "pull_request", payload: fixture("pull_request.opened.json") } as never);
    expect(replies).toEqual([{ body: `Fixed in ${"a".repeat(40)}.` }]);
    expect(graphql).toHaveLength(1);
    expect(graphql[0]).toMatchObject({ variables: { threadId: "T11" } });
    expect(recorded.reviews).toEqual([]);
  });

  it("a human quoting a marker does not silence the finding", async () => {
    const fp = fakeFinding("svc/count.go", 6, "\t\tm[n]++ // BUG").fingerprint;
    standardRun(oneBug, { reviews: [200], existing: [{ id: 1, path: "svc/count.go", line: 6, body: markerFor(fp), user: { login: "eve", type: "User" } }] });
    await probot.receive({ name: "pull_request", payload: fixture("pull_request.opened.json") } as never);
    expect(recorded.reviews).toHaveLength(1);
  });

  it("when GitHub refuses the review (422), finds the refused comment with pending reviews and posts the others", async () => {
    const head = HEAD_GO.replace("\t\tm[n]++ // BUG\n", "\t\tm[n]++ // BUG\n\t\tm[n+\"x\"]++ // BUG\n");
    const model: PullRequestModel = { base: oneBug.base, head: { ...oneBug.head, "svc/count.go": head } };
    // 1: the full review refused; 2: probe of the first comment accepted (then deleted); 3: probe of the second refused; 4: final review.
    // The check, completed first, said both would be commented inline: a second update corrects its summary.
    standardRun(model, { reviews: [422, 200, 422, 200], updates: 2 });
    mockDeletePending(recorded);
    await probot.receive({ name: "pull_request", payload: fixture("pull_request.opened.json") } as never);

    const [full, probe1, probe2, final] = recorded.reviews as { event?: string; body?: string; comments: ApiComment[] }[];
    expect(full.comments.map((c) => c.line)).toEqual([6, 7]);
    expect(probe1.event).toBeUndefined();
    expect(probe1.comments.map((c) => c.line)).toEqual([6]);
    expect(probe2.comments.map((c) => c.line)).toEqual([7]);
    expect(recorded.deletedPendingReviews).toHaveLength(1);
    expect(final.event).toBe("COMMENT");
    expect(final.comments.map((c) => c.line)).toEqual([6]);
    expect(final.body).toContain("svc/count.go:7");
    expect(recorded.writes).toEqual(["check-create", "check-update", "review", "review", "review", "review", "check-update"]);
    const [completed, corrected] = recorded.checkUpdates as { status?: string; conclusion?: string; output: { summary: string; annotations?: unknown[] } }[];
    expect(completed).toMatchObject({ status: "completed", conclusion: "failure" });
    expect(completed.output.summary).not.toContain("Without an inline comment");
    expect(corrected.status).toBeUndefined();
    expect(corrected.conclusion).toBeUndefined();
    expect(corrected.output.annotations).toBeUndefined();
    expect(corrected.output.summary).toContain("### Without an inline comment");
    expect(corrected.output.summary).toContain("svc/count.go:7");
    expect(corrected.output.summary.split("### Without an inline comment")[1]).not.toContain("svc/count.go:6");
  });

  it("when the review cannot be posted at all, corrects the completed check's summary to list the finding without an inline comment", async () => {
    standardRun(oneBug, { reviews: [403], updates: 2 });
    await probot.receive({ name: "pull_request", payload: fixture("pull_request.opened.json") } as never);

    expect(recorded.writes).toEqual(["check-create", "check-update", "review", "check-update"]);
    const [completed, corrected] = recorded.checkUpdates as { conclusion?: string; output: { summary: string } }[];
    expect(completed).toMatchObject({ conclusion: "failure" });
    expect(completed.output.summary).not.toContain("Without an inline comment");
    expect(corrected.conclusion).toBeUndefined();
    expect(corrected.output.summary).toContain("### Without an inline comment");
    expect(corrected.output.summary).toContain("svc/count.go:6");
  });

  it("still posts the review when GitHub refuses to complete the check, and fails the delivery", async () => {
    mockToken();
    mockConfig(null);
    nock("https://api.github.com").post("/repos/acme/service/check-runs").reply(201, { id: 555 });
    nock("https://api.github.com").patch("/repos/acme/service/check-runs/555").reply(422, { message: "Invalid request" });
    mockLoad(oneBug, { head: ["svc/count.go", "svc/other.go"], base: ["svc/count.go"] });
    mockHead();
    mockReviews(recorded, [200]);
    await expect(probot.receive({ name: "pull_request", payload: fixture("pull_request.opened.json") } as never)).rejects.toThrow();
    expect(recorded.reviews).toHaveLength(1);
  });

  it("ignores pull requests from bots and closed pull requests", async () => {
    await probot.receive({ name: "pull_request", payload: fixture("pull_request.synchronize.bot.json") } as never);
    await probot.receive({ name: "pull_request", payload: fixture("pull_request.reopened.closed.json") } as never);
    expect(pool.calls).toEqual([]);
    expect(recorded.checkCreates).toEqual([]);
  });

  it("completes the check neutral with the reason when GitHub fails mid-way", async () => {
    mockToken();
    mockConfig(null);
    mockCheckRun(recorded, 1);
    nock("https://api.github.com").get("/repos/acme/service/pulls/42/files").query(true).reply(500, { message: "Server Error" });
    await probot.receive({ name: "pull_request", payload: fixture("pull_request.opened.json") } as never);
    expect(recorded.checkUpdates).toHaveLength(1);
    expect(recorded.checkUpdates[0]).toMatchObject({ status: "completed", conclusion: "neutral" });
    expect(JSON.stringify(recorded.checkUpdates[0].output)).toContain("Server Error");
  });

  it("uses on_error from the config as the conclusion of a failed run", async () => {
    mockToken();
    mockConfig("on_error: failure\n");
    mockCheckRun(recorded, 1);
    nock("https://api.github.com").get("/repos/acme/service/pulls/42/files").query(true).reply(500, { message: "Server Error" });
    await probot.receive({ name: "pull_request", payload: fixture("pull_request.opened.json") } as never);
    expect(recorded.checkUpdates[0]).toMatchObject({ status: "completed", conclusion: "failure" });
  });

  /** A run that stops at the config: the files, listed while it was read, are never looked at. */
  function configOnlyRun() {
    mockToken();
    mockCheckRun(recorded, 1);
    nock("https://api.github.com").get("/repos/acme/service/pulls/42/files").query(true).reply(200, pullFiles(oneBug));
  }

  function expectConfigRefused(key: string, allowed: string) {
    expect(recorded.checkUpdates).toHaveLength(1);
    expect(recorded.checkUpdates[0]).toMatchObject({ status: "completed", conclusion: "neutral" });
    const summary = JSON.stringify(recorded.checkUpdates[0].output);
    expect(summary).toContain(key);
    expect(summary).toContain(allowed);
    expect(pool.calls).toEqual([]);
  }

  it("completes the check neutral naming the bad key and the allowed values when the config is invalid", async () => {
    configOnlyRun();
    mockConfig("fail_on: sometimes\n");
    await probot.receive({ name: "pull_request", payload: fixture("pull_request.opened.json") } as never);
    expectConfigRefused("fail_on", "error | warning | notice | never");
  });

  it("reads the config of the owner's .github repository in the same query when the repository has none", async () => {
    configOnlyRun();
    mockConfig(null, "on_error: sometimes\n");
    await probot.receive({ name: "pull_request", payload: fixture("pull_request.opened.json") } as never);
    expectConfigRefused("on_error", "neutral | failure | success");
  });

  it("leaves a config with _extends to Probot's context.config, which follows it", async () => {
    configOnlyRun();
    mockConfig("_extends: shared-config\n");
    mockRestConfig("_extends: shared-config\n");
    nock("https://api.github.com").get(/\/repos\/acme\/shared-config\/contents\/\.github(%2F|\/)mapguard\.yml/).reply(200, "fail_on: sometimes\n", { "content-type": "text/plain; charset=utf-8" });
    await probot.receive({ name: "pull_request", payload: fixture("pull_request.opened.json") } as never);
    expectConfigRefused("fail_on", "error | warning | notice | never");
  });

  it("reads the config through Probot's context.config when the config query fails", async () => {
    configOnlyRun();
    nock("https://api.github.com").post("/graphql", isQuery(QUERY_NAMES.config)).reply(502, { message: "Bad Gateway" });
    mockRestConfig(null, "fail_on: sometimes\n");
    await probot.receive({ name: "pull_request", payload: fixture("pull_request.opened.json") } as never);
    expectConfigRefused("fail_on", "error | warning | notice | never");
  });

  it("completes the check neutral when the config is not valid YAML (as context.config words it)", async () => {
    configOnlyRun();
    mockConfig("fail_on: [error\n");
    mockRestConfig("fail_on: [error\n");
    await probot.receive({ name: "pull_request", payload: fixture("pull_request.opened.json") } as never);
    expect(recorded.checkUpdates[0]).toMatchObject({ status: "completed", conclusion: "neutral" });
    expect(JSON.stringify(recorded.checkUpdates[0].output)).toContain("invalid YAML");
  });

  it("does not publish results for a head that moved on: the old run ends neutral as superseded", async () => {
    mockToken();
    mockConfig(null);
    mockCheckRun(recorded, 1);
    mockLoad(oneBug, { head: ["svc/count.go", "svc/other.go"], base: ["svc/count.go"] });
    mockHead("c".repeat(40));
    await probot.receive({ name: "pull_request", payload: fixture("pull_request.opened.json") } as never);
    expect(recorded.checkUpdates[0]).toMatchObject({ status: "completed", conclusion: "neutral" });
    expect(JSON.stringify(recorded.checkUpdates[0].output)).toContain("Superseded");
    expect(recorded.reviews).toEqual([]);
  });

  it("reads blobs in one GraphQL batch, and a blob GraphQL cannot give exactly through REST, byte for byte", async () => {
    // GraphQL shows invalid UTF-8 as U+FFFD; only the raw bytes can tell.
    const shown = "package svc\n// caf\uFFFD\n";
    const model: PullRequestModel = { base: {}, head: { "svc/latin1.go": shown, "svc/count.go": HEAD_GO } };
    mockToken();
    mockConfig(null);
    mockCheckRun(recorded, 1);
    mockLoad(model, { head: ["svc/latin1.go", "svc/count.go"], base: [] });
    mockRestBlob(gitBlobSha(shown), Buffer.from([...Buffer.from("package svc\n// caf"), 0xe9, 0x0a]));
    mockHead();
    mockReviews(recorded, [200]);
    await probot.receive({ name: "pull_request", payload: fixture("pull_request.opened.json") } as never);
    const summary = String((recorded.checkUpdates[0].output as { summary: string }).summary);
    expect(summary).toMatch(/svc\/latin1\.go[^\n]*not valid UTF-8/);
    expect(pool.calls[0].map((f) => f.path)).toEqual(["svc/count.go"]);
  });

  it("falls back to REST for every blob when GraphQL refuses the batch", async () => {
    const model: PullRequestModel = { base: {}, head: { "svc/count.go": HEAD_GO } };
    mockToken();
    mockConfig(null);
    mockCheckRun(recorded, 1);
    nock("https://api.github.com").get("/repos/acme/service/pulls/42/files").query({ per_page: "100", page: "1" }).reply(200, pullFiles(model));
    nock("https://api.github.com")
      .post("/graphql", isQuery(QUERY_NAMES.trees))
      .reply(200, (_uri, body) => treeAnswer(model, (body as { variables: Record<string, string> }).variables));
    nock("https://api.github.com").post("/graphql", isQuery(QUERY_NAMES.blobs)).reply(502, { message: "Bad Gateway" });
    mockRestBlob(gitBlobSha(HEAD_GO), Buffer.from(HEAD_GO));
    mockHead();
    mockReviews(recorded, [200]);
    await probot.receive({ name: "pull_request", payload: fixture("pull_request.opened.json") } as never);
    expect(recorded.checkUpdates[0]).toMatchObject({ status: "completed", conclusion: "failure" });
    expect(pool.calls[0].map((f) => f.text)).toEqual([HEAD_GO]);
  });

  it("skips vendored, excluded and diff-less files with reasons, and fetches a shared blob once", async () => {
    const model: PullRequestModel = {
      base: { "svc/count.go": BASE_GO, "svc/other.go": SIBLING },
      head: { "svc/count.go": HEAD_GO, "svc/other.go": SIBLING, "vendor/x/x.go": "package x\n", "svc/testdata/t.go": "package t\n", "svc/big.go": "package svc\n// huge\n" },
      fileOverrides: { "svc/big.go": { patch: undefined } },
    };
    mockToken();
    mockConfig('paths:\n  exclude: ["**/testdata/**"]\n');
    mockCheckRun(recorded, 1);
    // other.go is identical at base and head: one blob request serves both sides.
    mockLoad(model, { head: ["svc/count.go", "svc/other.go"], base: ["svc/count.go", "svc/other.go"] });
    mockHead();
    mockReviews(recorded, [200]);
    await probot.receive({ name: "pull_request", payload: fixture("pull_request.opened.json") } as never);
    const summary = String((recorded.checkUpdates[0].output as { summary: string }).summary);
    expect(summary).toContain("vendor/x/x.go");
    expect(summary).toContain("svc/testdata/t.go");
    expect(summary).toContain("GitHub sent no diff for this file");
    const headCall = pool.calls[0].map((f) => f.path).sort();
    expect(headCall).toEqual(["svc/count.go", "svc/other.go"]);
  });
});
