import nock from "nock";
import type { Probot } from "probot";
import { beforeEach, describe, expect, it } from "vitest";
import { parseCommand } from "../../src/github/commands.js";
import { API, emptyRecorded, fixture, mockCheckRun, mockConfig, mockHead, mockLoad, mockPullRequest, mockToken } from "./github-mock.js";
import type { Recorded } from "./github-mock.js";
import { useMockedGitHub } from "./mocked-github.js";
import type { MockedGitHub } from "./mocked-github.js";

describe("parseCommand", () => {
  it("reads the commands and nothing else", () => {
    expect(parseCommand("/mapguard rescan")).toEqual({ kind: "rescan" });
    expect(parseCommand("  /mapguard help\nthanks")).toEqual({ kind: "help" });
    expect(parseCommand("/mapguard explain nil-map-write")).toEqual({ kind: "explain", ruleId: "nil-map-write" });
    expect(parseCommand("/mapguard frobnicate")).toEqual({ kind: "unknown", text: "/mapguard frobnicate" });
    expect(parseCommand("/mapguard")).toEqual({ kind: "unknown", text: "/mapguard" });
    expect(parseCommand("please /mapguard rescan")).toBeNull();
    expect(parseCommand("/mapguardian rescan")).toBeNull();
  });
});

type Json = Record<string, unknown>;

describe("comment commands and re-runs", () => {
  const github = useMockedGitHub();
  let probot: Probot;
  let pool: MockedGitHub["pool"];
  let recorded: Recorded;
  let reactions: string[];
  let replies: string[];

  beforeEach(() => {
    ({ probot, pool } = github);
    recorded = emptyRecorded();
    reactions = [];
    replies = [];
  });

  function mockReactions(times: number) {
    nock(API)
      .post("/repos/acme/service/issues/comments/9001/reactions")
      .times(times)
      .reply(201, (_uri, body) => {
        reactions.push(String((body as Json).content));
        return {};
      });
  }
  function mockReplies(times: number) {
    nock(API)
      .post("/repos/acme/service/issues/42/comments")
      .times(times)
      .reply(201, (_uri, body) => {
        replies.push(String((body as Json).body));
        return {};
      });
  }
  /** Everything one analysis of the PR's head reads and writes, for a head with nothing to report. */
  function mockAnalysisOfCleanHead() {
    mockPullRequest();
    mockConfig(null);
    mockCheckRun(recorded, 1);
    mockLoad({ base: {}, head: { "svc/a.go": "package svc\n" } }, { head: ["svc/a.go"], base: [] });
    mockHead();
  }
  function comment(body: string, login = "alice"): Json {
    const payload = fixture("issue_comment.created.json") as Json & { comment: Json; sender: Json };
    return { ...payload, comment: { ...payload.comment, body }, sender: { login, id: 9, type: "User" } };
  }

  it("/mapguard help from the author: eyes, the list of commands, rocket", async () => {
    mockToken();
    mockReactions(2);
    mockReplies(1);
    await probot.receive({ name: "issue_comment", payload: comment("/mapguard help") } as never);
    expect(reactions).toEqual(["eyes", "rocket"]);
    expect(replies[0]).toContain("/mapguard rescan");
    expect(replies[0]).toContain("/mapguard explain <rule-id>");
  });

  it("/mapguard explain <rule-id> replies with the rule and its docs link", async () => {
    mockToken();
    mockReactions(2);
    mockReplies(1);
    await probot.receive({ name: "issue_comment", payload: comment("/mapguard explain nil-map-write") } as never);
    expect(reactions).toEqual(["eyes", "rocket"]);
    expect(replies[0]).toContain("nil-map-write");
    expect(replies[0]).toContain("docs/rules/nil-map-write.md");
  });

  it("an unknown subcommand gets a reply quoting it and a confused reaction", async () => {
    mockToken();
    mockReactions(2);
    mockReplies(1);
    await probot.receive({ name: "issue_comment", payload: comment("/mapguard frobnicate") } as never);
    expect(reactions).toEqual(["eyes", "confused"]);
    expect(replies[0]).toContain("/mapguard frobnicate");
    expect(replies[0]).toContain("/mapguard help");
  });

  it("a user without write permission gets -1 and nothing else", async () => {
    mockToken();
    nock(API).get("/repos/acme/service/collaborators/mallory/permission").reply(200, { permission: "read", user: { login: "mallory" } });
    mockReactions(1);
    await probot.receive({ name: "issue_comment", payload: comment("/mapguard rescan", "mallory") } as never);
    expect(reactions).toEqual(["-1"]);
    expect(pool.calls).toEqual([]);
  });

  it("/mapguard rescan from a maintainer runs the analysis on the current head", async () => {
    mockToken();
    nock(API).get("/repos/acme/service/collaborators/bob/permission").reply(200, { permission: "write", user: { login: "bob" } });
    mockReactions(2);
    mockAnalysisOfCleanHead();
    await probot.receive({ name: "issue_comment", payload: comment("/mapguard rescan", "bob") } as never);
    expect(recorded.checkCreates[0]).toMatchObject({ head_sha: "a".repeat(40), status: "in_progress" });
    expect(recorded.checkUpdates[0]).toMatchObject({ conclusion: "success" });
    expect(reactions).toEqual(["eyes", "rocket"]);
  });

  it("check_run rerequested analyses that check's commit again", async () => {
    mockToken();
    mockAnalysisOfCleanHead();
    await probot.receive({ name: "check_run", payload: fixture("check_run.rerequested.json") } as never);
    expect(recorded.checkCreates[0]).toMatchObject({ name: "mapguard", head_sha: "a".repeat(40) });
    expect(recorded.checkUpdates[0]).toMatchObject({ status: "completed", conclusion: "success" });
  });

  it("the Rescan button of a fork PR's check finds the pull request by its head SHA", async () => {
    mockToken();
    nock(API).get("/repos/acme/service/pulls").query(true).reply(200, [{ number: 41, head: { sha: "f".repeat(40) } }, { number: 42, head: { sha: "a".repeat(40) } }]);
    mockAnalysisOfCleanHead();
    await probot.receive({ name: "check_run", payload: fixture("check_run.requested_action.json") } as never);
    expect(recorded.checkUpdates[0]).toMatchObject({ status: "completed", conclusion: "success" });
    const actions = recorded.checkUpdates[0].actions as { label: string; description: string; identifier: string }[];
    expect(actions).toEqual([{ label: "Rescan", description: expect.any(String), identifier: "rescan" }]);
    expect(actions[0].label.length).toBeLessThanOrEqual(20);
    expect(actions[0].description.length).toBeLessThanOrEqual(40);
  });
});
