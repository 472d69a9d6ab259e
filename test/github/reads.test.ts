// How mapguard reads a pull request: GraphQL reads run together rather than
// queued behind the write limiter, no blob is read twice in a run, and a
// redelivery of an unchanged head reads no blob or directory again.
import nock from "nock";
import { pino } from "pino";
import { Probot } from "probot";
import { beforeEach, describe, expect, it } from "vitest";
import { gitBlobSha } from "../../src/demo/fake-github.js";
import { BLOBS_PER_QUERY } from "../../src/github/load/fetch-blobs.js";
import { QUERY_NAMES } from "../../src/github/query-names.js";
import { graphqlReader } from "../../src/github/read-client.js";
import { API, INSTALLATION_ID, privateKey, emptyRecorded, fixture, isQuery, mockBlobQueries, mockCheckRun, mockConfig, mockHead, mockLoad, mockToken, pullFiles, treeAnswer } from "./github-mock.js";
import type { PullRequestModel, Recorded } from "./github-mock.js";
import { useMockedGitHub } from "./mocked-github.js";
import { RetryingOctokit, writeLimiter } from "./retrying-octokit.js";

type Json = Record<string, unknown>;

function manyFiles(n: number): PullRequestModel {
  const head: Record<string, string> = {};
  for (let i = 0; i < n; i++) head[`svc/f${i}.go`] = `package svc\n\nfunc F${i}() {}\n`;
  return { base: {}, head };
}

describe("reading a pull request", () => {
  // The real throttling plugin, whose write limiter lets one request through at a time.
  const github = useMockedGitHub({ Octokit: RetryingOctokit });
  let probot: Probot;
  let recorded: Recorded;

  beforeEach(() => {
    ({ probot } = github);
    recorded = emptyRecorded();
  });

  const receive = () => probot.receive({ name: "pull_request", payload: fixture("pull_request.opened.json") } as never);

  it("sends no GraphQL read through the write limiter (it spaces writes a second apart)", async () => {
    const model = manyFiles(BLOBS_PER_QUERY * 2 + 1);
    mockToken();
    mockConfig(null);
    mockCheckRun(recorded, 1);
    nock(API).get("/repos/acme/service/pulls/42/files").query({ per_page: "100", page: "1" }).reply(200, pullFiles(model).slice(0, 100), {
      link: '<https://api.github.com/repositories/1/pulls/42/files?per_page=100&page=3>; rel="last"',
    });
    for (const page of [2, 3]) {
      nock(API).get("/repos/acme/service/pulls/42/files").query({ per_page: "100", page: String(page) }).reply(200, pullFiles(model).slice((page - 1) * 100, page * 100));
    }
    nock(API)
      .post("/graphql", isQuery(QUERY_NAMES.trees))
      .reply(200, (_uri, body) => treeAnswer(model, (body as { variables: Record<string, string> }).variables));
    let queries = 0;
    nock(API)
      .post("/graphql", isQuery(QUERY_NAMES.blobs))
      .times(3)
      .reply(200, (_uri, body) => {
        queries++;
        const variables = (body as { variables: Record<string, string> }).variables;
        const texts = new Map(Object.values(model.head).map((t) => [gitBlobSha(t), t]));
        const repository: Json = {};
        for (const [name, sha] of Object.entries(variables)) {
          const index = /^o(\d+)$/.exec(name)?.[1];
          if (index !== undefined) repository[`b${index}`] = { text: texts.get(sha), isBinary: false, isTruncated: false };
        }
        return { data: { repository } };
      });
    writeLimiter.uses = 0;
    mockHead();
    await receive();
    expect(queries).toBe(3);
    // Only the two writes (create and complete the check run) waited for the write limiter;
    // the six GraphQL reads (config, directories, three blob batches, pull state) did not.
    expect(writeLimiter.uses).toBe(2);
    expect(recorded.checkUpdates[0]).toMatchObject({ status: "completed", conclusion: "success" });
  });

  it("reads no blob and no directory again when the same head is delivered twice", async () => {
    const model: PullRequestModel = {
      base: { "svc/count.go": "package svc\n", "svc/other.go": "package svc\n\nfunc Other() {}\n" },
      head: { "svc/count.go": "package svc\n\nfunc Count() {}\n", "svc/other.go": "package svc\n\nfunc Other() {}\n" },
    };
    mockToken();
    mockConfig(null);
    mockCheckRun(recorded, 1);
    // other.go is the same blob on both sides: read once.
    mockLoad(model, { head: ["svc/count.go", "svc/other.go"], base: ["svc/count.go"] });
    mockHead();
    await receive();

    mockToken(true);
    mockConfig(null);
    mockCheckRun(recorded, 1);
    nock(API).get("/repos/acme/service/pulls/42/files").query({ per_page: "100", page: "1" }).reply(200, pullFiles(model));
    mockHead();
    await receive();
    expect(recorded.checkUpdates).toHaveLength(2);
    expect(recorded.checkUpdates[1]).toMatchObject({ status: "completed", conclusion: "success" });
  });

  it("reads outside the write limiter from the first request on, fetching the installation's token from the client's own API root (GitHub Enterprise)", async () => {
    const ghe = "https://ghe.example.com";
    const enterprise = new Probot({ appId: 123, privateKey, Octokit: RetryingOctokit, baseUrl: `${ghe}/api/v3`, log: pino({ level: "silent" }) });
    const octokit = await enterprise.auth(INSTALLATION_ID);
    nock(ghe).post(`/api/v3/app/installations/${INSTALLATION_ID}/access_tokens`).reply(201, { token: "ghs_ghe", expires_at: "2999-01-01T00:00:00Z", permissions: {} });
    nock(ghe, { reqheaders: { authorization: "token ghs_ghe" } })
      .post("/api/graphql")
      .reply(200, { data: { viewer: { login: "mapguard[bot]" } } });
    writeLimiter.uses = 0;
    const graphql = await graphqlReader(octokit);
    await expect(graphql("query MapguardTest { viewer { login } }", {})).resolves.toEqual({ viewer: { login: "mapguard[bot]" } });
    expect(writeLimiter.uses).toBe(0);
  });

  /** The 201-file pull request's run, its files served by `page` (1-based) and the rest answered as usual. */
  async function runWithPages(changedFiles: number | undefined, page: (n: number, files: Json[]) => [number, Json[], Record<string, string>?]) {
    const model = manyFiles(BLOBS_PER_QUERY * 2 + 1);
    mockToken();
    mockConfig(null);
    mockCheckRun(recorded, 1);
    const asked: number[] = [];
    for (const n of [1, 2, 3]) {
      nock(API)
        .get("/repos/acme/service/pulls/42/files")
        .query({ per_page: "100", page: String(n) })
        .reply(() => {
          asked.push(n);
          return page(n, pullFiles(model).slice((n - 1) * 100, n * 100));
        });
    }
    nock(API)
      .post("/graphql", isQuery(QUERY_NAMES.trees))
      .reply(200, (_uri, body) => treeAnswer(model, (body as { variables: Record<string, string> }).variables));
    mockBlobQueries(new Map(Object.values(model.head).map((t) => [gitBlobSha(t), t])));
    mockHead();
    const payload = fixture("pull_request.opened.json") as { pull_request: Json };
    if (changedFiles !== undefined) payload.pull_request.changed_files = changedFiles;
    await probot.receive({ name: "pull_request", payload } as never);
    expect(recorded.checkUpdates[0]).toMatchObject({ status: "completed", conclusion: "success" });
    return asked;
  }

  it("asks every page of the changed files at once when the webhook says how many files changed", async () => {
    // No link header: only changed_files tells that pages 2 and 3 exist.
    const asked = await runWithPages(201, (_n, files) => [200, files]);
    expect(asked.sort()).toEqual([1, 2, 3]);
  });

  it("still reads the pages the first page's link names when changed_files was too low", async () => {
    const last = '<https://api.github.com/repositories/1/pulls/42/files?per_page=100&page=3>; rel="last"';
    const asked = await runWithPages(150, (n, files) => (n === 1 ? [200, files, { link: last }] : [200, files]));
    expect(asked.sort()).toEqual([1, 2, 3]);
  });
});
