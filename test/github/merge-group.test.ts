import nock from "nock";
import { describe, expect, it } from "vitest";
import { API, fixture, mockToken } from "./github-mock.js";
import { useMockedGitHub } from "./mocked-github.js";

describe("merge_group checks_requested", () => {
  const github = useMockedGitHub();

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
    await github.probot.receive({ name: "merge_group", payload: fixture("merge_group.checks_requested.json") } as never);
    expect(created).toMatchObject({ name: "mapguard", head_sha: "c".repeat(40), status: "completed", conclusion: "success" });
    expect(github.pool.calls).toEqual([]);
  });
});
