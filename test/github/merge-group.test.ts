import nock from "nock";
import { pino } from "pino";
import { Probot } from "probot";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createMapguardApp } from "../../src/index.js";
import { fakePool } from "./fake-pool.js";
import { API, fixture, mockToken, privateKey } from "./github-mock.js";
import { TestOctokit } from "./test-octokit.js";

describe("merge_group checks_requested", () => {
  let probot: Probot;
  let pool: ReturnType<typeof fakePool>;

  beforeEach(async () => {
    nock.disableNetConnect();
    pool = fakePool();
    probot = new Probot({ appId: 123, privateKey, Octokit: TestOctokit, log: pino({ level: "silent" }) });
    await probot.load(createMapguardApp({ pool }).app);
  });
  afterEach(() => {
    const pending = nock.pendingMocks();
    nock.cleanAll();
    nock.enableNetConnect();
    expect(pending).toEqual([]);
  });

  it("completes the mapguard check on the merge group's commit at once, so a required check never blocks the queue", async () => {
    mockToken();
    let created: Record<string, unknown> | undefined;
    nock(API)
      .post("/repos/acme/service/check-runs")
      .reply(201, (_uri, body) => {
        created = body as Record<string, unknown>;
        return { id: 1 };
      });
    // The merge queue is a bot: this event must be handled all the same.
    await probot.receive({ name: "merge_group", payload: fixture("merge_group.checks_requested.json") } as never);
    expect(created).toMatchObject({ name: "mapguard", head_sha: "c".repeat(40), status: "completed", conclusion: "success" });
    expect(pool.calls).toEqual([]);
  });
});
