// The real server on an ephemeral port, signed webhooks over HTTP, the real
// analysis in worker threads, GitHub mocked with nock.
import nock from "nock";
import { pino } from "pino";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { main, serverOptionsFromEnv, startMapguardServer } from "../../src/server.js";
import type { MapguardServer } from "../../src/server.js";
import { sendWebhook } from "../../src/demo/webhook.js";
import {
  clearReadCaches,
  emptyRecorded,
  fixture,
  mockCheckRun,
  mockConfig,
  mockHead,
  mockLoad,
  mockReviews,
  mockToken,
  privateKey,
} from "../github/github-mock.js";
import type { PullRequestModel, Recorded } from "../github/github-mock.js";
import { TestOctokit } from "../github/test-octokit.js";

const SECRET = "e2e-secret";
type ApiComment = { path: string; line: number; body: string; start_line?: number };

const NIL_WRITE_BASE = `package stats

func Count(names []string) int {
	return len(names)
}
`;
const NIL_WRITE_HEAD = `package stats

func Count(names []string) int {
	return len(names)
}

func Tally(names []string) map[string]int {
	var counts map[string]int
	for _, n := range names {
		counts[n]++
	}
	return counts
}
`;
const MAKE_BASE = `package stats

func Index(names []string) map[string]int {
	var idx map[string]int
	idx = make(map[string]int)
	for i, n := range names {
		idx[n] = i
	}
	return idx
}
`;
const MAKE_HEAD = MAKE_BASE.replace("\tidx = make(map[string]int)\n", "");
const OLD_BUG = `package legacy

func Old(names []string) {
	var seen map[string]bool
	for _, n := range names {
		seen[n] = true
	}
}

func Unrelated() int {
	return 1
}
`;
const OLD_BUG_HEAD = OLD_BUG.replace("\treturn 1\n", "\treturn 2\n");

describe("mapguard server end to end", () => {
  let server: MapguardServer;
  let recorded: Recorded;
  let unmatched: string[];
  const onNoMatch = (req: { method?: string; path?: string; hostname?: string; host?: string }) =>
    unmatched.push(`${req.method} ${req.hostname ?? req.host ?? ""} ${req.path}`);

  beforeAll(async () => {
    server = await startMapguardServer({
      appId: 123,
      privateKey,
      webhookSecret: SECRET,
      host: "127.0.0.1",
      port: 0,
      Octokit: TestOctokit,
      log: pino({ level: "silent" }),
    });
  });
  afterAll(() => server.stop());

  beforeEach(() => {
    nock.disableNetConnect();
    nock.enableNetConnect("127.0.0.1");
    clearReadCaches();
    unmatched = [];
    nock.emitter.on("no match", onNoMatch);
    recorded = emptyRecorded();
  });
  afterEach(() => {
    nock.emitter.removeListener("no match", onNoMatch);
    const pending = nock.pendingMocks();
    nock.cleanAll();
    nock.enableNetConnect();
    expect(unmatched.filter((u) => !u.includes("127.0.0.1"))).toEqual([]);
    expect(pending).toEqual([]);
  });

  async function deliver(): Promise<number> {
    const delivery = await sendWebhook(server.webhookUrl, SECRET, "pull_request", fixture("pull_request.opened.json"));
    return delivery.status;
  }

  function mockRun(model: PullRequestModel, blobs: { head: string[]; base: string[] }, reviews: number[] | null) {
    mockToken(true);
    mockConfig(null);
    mockCheckRun(recorded, 1);
    mockLoad(model, blobs);
    mockHead();
    if (reviews) mockReviews(recorded, reviews);
  }

  it("answers GET /ping with PONG", async () => {
    const response = await fetch(`${server.url}/ping`);
    expect(await response.text()).toBe("PONG");
  });

  it("rejects a webhook with a bad signature and calls GitHub not at all", async () => {
    const body = JSON.stringify(fixture("pull_request.opened.json"));
    const response = await fetch(server.webhookUrl, {
      method: "POST",
      headers: { "content-type": "application/json", "x-github-event": "pull_request", "x-github-delivery": "d-1", "x-hub-signature-256": `sha256=${"0".repeat(64)}` },
      body,
    });
    expect(response.status).toBe(400);
    expect(recorded.checkCreates).toEqual([]);
  });

  it("a PR whose new lines write to a nil map gets a failing check and one comment with the make fix", async () => {
    const model = { base: { "stats/stats.go": NIL_WRITE_BASE }, head: { "stats/stats.go": NIL_WRITE_HEAD } };
    mockRun(model, { head: ["stats/stats.go"], base: ["stats/stats.go"] }, [200]);
    expect(await deliver()).toBe(200);
    expect(recorded.checkCreates[0]).toMatchObject({ name: "mapguard", status: "in_progress" });
    expect(recorded.checkUpdates[0]).toMatchObject({ status: "completed", conclusion: "failure" });
    const comments = (recorded.reviews[0] as { comments: ApiComment[] }).comments;
    expect(comments).toHaveLength(1);
    // The comment runs from the declaration to the write; its one-click suggestion makes the map.
    expect(comments[0]).toMatchObject({ path: "stats/stats.go", line: 10 });
    expect(comments[0].start_line).toBeLessThan(10);
    expect(comments[0].body).toMatch(/```suggestion\n\tcounts := make\(map\[string\]int\)\n/);
  });

  it("a PR that only deletes the make of a map written further down gets a failing check naming the write", async () => {
    const model = { base: { "stats/index.go": MAKE_BASE }, head: { "stats/index.go": MAKE_HEAD } };
    mockRun(model, { head: ["stats/index.go"], base: ["stats/index.go"] }, [200]);
    expect(await deliver()).toBe(200);
    expect(recorded.checkUpdates[0]).toMatchObject({ status: "completed", conclusion: "failure" });
    const comments = (recorded.reviews[0] as { comments: ApiComment[] }).comments;
    expect(comments).toHaveLength(1);
    // The write, `idx[n] = i`, is line 6 at head: still shown in the hunk, so the comment sits on it.
    expect(comments[0]).toMatchObject({ path: "stats/index.go", line: 6 });
    expect(comments[0].body).toContain("idx := make(map[string]int)");
    expect(comments[0].body).toContain("idx");
  });

  it("a PR with no Go changes gets a successful check and no review", async () => {
    const model = { base: { "README.md": "a\n" }, head: { "README.md": "b\n" } };
    mockToken(true);
    mockConfig(null);
    mockCheckRun(recorded, 1);
    nock("https://api.github.com").get("/repos/acme/service/pulls/42/files").query(true).reply(200, [{ filename: "README.md", status: "modified", additions: 1, deletions: 1, changes: 2, patch: "@@ -1 +1 @@\n-a\n+b" }]);
    mockHead();
    void model;
    expect(await deliver()).toBe(200);
    expect(recorded.checkUpdates[0]).toMatchObject({ status: "completed", conclusion: "success" });
    expect(recorded.reviews).toEqual([]);
  });

  it("a PR touching a file with an old, untouched nil-map write reports nothing about it", async () => {
    const model = { base: { "legacy/old.go": OLD_BUG }, head: { "legacy/old.go": OLD_BUG_HEAD } };
    mockRun(model, { head: ["legacy/old.go"], base: ["legacy/old.go"] }, null);
    expect(await deliver()).toBe(200);
    expect(recorded.checkUpdates[0]).toMatchObject({ status: "completed", conclusion: "success" });
    const output = recorded.checkUpdates[0].output as { annotations: unknown[] };
    expect(output.annotations).toEqual([]);
    expect(recorded.reviews).toEqual([]);
  });

  it("an unparseable file, an empty file and a 5 MB file each get a line in the summary of a completed check", async () => {
    const huge = `package big\n\n${"// filler line to make the file very large indeed\n".repeat(100_000)}`;
    expect(Buffer.byteLength(huge)).toBeGreaterThan(5_000_000);
    const model: PullRequestModel = {
      base: {},
      head: { "broken/broken.go": "package broken\n\nfunc (\n", "empty/empty.go": "", "big/big.go": huge },
      fileOverrides: { "big/big.go": { patch: "@@ -0,0 +1,2 @@\n+package big\n+" } },
    };
    // The 5 MB file is skipped from its size in the tree, without downloading it.
    mockRun(model, { head: ["broken/broken.go", "empty/empty.go"], base: [] }, null);
    expect(await deliver()).toBe(200);
    expect(recorded.checkUpdates[0]).toMatchObject({ status: "completed" });
    const summary = (recorded.checkUpdates[0].output as { summary: string }).summary;
    for (const path of ["broken/broken.go", "empty/empty.go", "big/big.go"]) {
      expect(summary.split("\n").some((line) => line.includes(path))).toBe(true);
    }
    expect(summary).toContain("size cap");
  });
});

describe("server configuration", () => {
  const keyEnv = { APP_ID: "1", PRIVATE_KEY: privateKey };

  it("refuses to start without WEBHOOK_SECRET outside development, with exit code 1 and a clear message", async () => {
    const configured = serverOptionsFromEnv({ ...keyEnv });
    expect(configured.ok).toBe(false);
    expect(configured.ok ? "" : configured.error).toContain("WEBHOOK_SECRET");
    const writes: string[] = [];
    const original = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string) => writes.push(chunk) > 0) as typeof process.stderr.write;
    try {
      expect(await main({ ...keyEnv })).toBe(1);
    } finally {
      process.stderr.write = original;
    }
    expect(writes.join("")).toContain("[mapguard] WEBHOOK_SECRET is not set");
  });

  it("starts without a secret in development, and honours HOST, PORT and GHE_HOST", () => {
    const dev = serverOptionsFromEnv({ ...keyEnv, NODE_ENV: "development", HOST: "0.0.0.0", PORT: "8080", GHE_HOST: "ghe.example.com" });
    expect(dev).toMatchObject({ ok: true, options: { host: "0.0.0.0", port: 8080, baseUrl: "https://ghe.example.com/api/v3" } });
    const prod = serverOptionsFromEnv({ ...keyEnv, WEBHOOK_SECRET: "s" });
    expect(prod).toMatchObject({ ok: true, options: { webhookSecret: "s", host: "localhost", port: 3000 } });
  });
});
