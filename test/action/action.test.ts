// The GitHub Action end to end: its entry point (src/action/main.ts) runs as a
// child process with the environment a runner gives a step, a recorded
// pull_request event at GITHUB_EVENT_PATH, and GITHUB_API_URL pointing at a
// local stand-in for GitHub on loopback. Nothing reaches the network.
import { execFile } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { readFileSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import nock from "nock";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { INSTALLATION_TOKEN, startFakeGitHub } from "../../src/demo/fake-github.js";
import type { FakeGitHub } from "../../src/demo/fake-github.js";
import { samplePullRequest } from "../../src/demo/sample-repository.js";
import { codeScanningProblems, compileSarifSchema } from "../support/sarif-schema.js";
import { CHILD_PROCESS_TIMEOUT } from "../cli/run-cli.js";

const ENTRY = fileURLToPath(new URL("../../src/action/main.ts", import.meta.url));
const EVENT = fileURLToPath(new URL("../../fixtures/action/pull_request.opened.json", import.meta.url));
const ACTION_YML = fileURLToPath(new URL("../../action.yml", import.meta.url));
// The step runs from the repository root so that `--import tsx` resolves; the runner's workspace is GITHUB_WORKSPACE.
const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));

interface StepRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the entry point as a runner would run the action's step. */
function runStep(env: Record<string, string>): Promise<StepRun> {
  return new Promise((resolve) => {
    // Only what a runner sets: no token or proxy of the machine running the tests leaks in.
    const base = { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? tmpdir(), CI: "true", GITHUB_ACTIONS: "true" };
    execFile(process.execPath, ["--import", "tsx", ENTRY], { cwd: REPO_ROOT, env: { ...base, ...env }, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === "number" ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

describe("the mapguard GitHub Action", { timeout: CHILD_PROCESS_TIMEOUT }, () => {
  let github: FakeGitHub;
  let work: string;
  beforeAll(async () => {
    // The stand-in listens on loopback; anything else would be a real request.
    nock.disableNetConnect();
    nock.enableNetConnect("127.0.0.1");
    const { publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    github = await startFakeGitHub(samplePullRequest, publicKey);
    work = await mkdtemp(join(tmpdir(), "mapguard-action-"));
  });
  afterEach(() => {
    github.requests.length = 0;
    github.checkRuns.length = 0;
    github.reviews.length = 0;
  });
  afterAll(async () => {
    await github.close();
    await rm(work, { recursive: true, force: true });
    nock.enableNetConnect();
  });

  function runnerEnv(extra: Record<string, string> = {}): Record<string, string> {
    return {
      GITHUB_EVENT_NAME: "pull_request",
      GITHUB_EVENT_PATH: EVENT,
      GITHUB_API_URL: github.url,
      GITHUB_WORKSPACE: work,
      GITHUB_OUTPUT: join(work, "output.txt"),
      "INPUT_GITHUB-TOKEN": INSTALLATION_TOKEN,
      ...extra,
    };
  }

  it("posts a failing check run and a review comment whose suggestion fixes the nil map, and fails the step", async () => {
    await writeFile(join(work, "output.txt"), "");
    const step = await runStep(runnerEnv());
    expect(step.stderr).toBe("");
    expect(step.code, step.stdout).toBe(1);

    const [run] = github.checkRuns;
    expect(github.checkRuns).toHaveLength(1);
    expect(run).toMatchObject({ name: "mapguard", head_sha: samplePullRequest.head.sha, status: "completed", conclusion: "failure" });
    expect(run.annotations.map((a) => [a.path, a.start_line])).toEqual([["greeting/greeting.go", 14]]);

    expect(github.reviews).toHaveLength(1);
    const [review] = github.reviews;
    expect(review).toMatchObject({ event: "COMMENT", commit_id: samplePullRequest.head.sha });
    expect(review.comments).toHaveLength(1);
    const [comment] = review.comments;
    expect(comment).toMatchObject({ path: "greeting/greeting.go", start_line: 12, line: 14 });
    expect(comment.body).toMatch(/```suggestion\n\tcounts := make\(map\[string\]int\)\n\tfor _, name := range names \{\n\t\tcounts\[name\]\+\+\n```/);
    expect(comment.body).toContain("<!-- mapguard:v1 fp=");

    expect(step.stdout).toContain("[mapguard] check run");
    const outputs = await readFile(join(work, "output.txt"), "utf8");
    expect(outputs).toContain("conclusion=failure\n");
    expect(outputs).toMatch(/check-run-id=\d+\n/);
  });

  it("with fail-job false the step passes and the check run still fails", async () => {
    // As action.yml passes inputs: shell-safe names with underscores.
    const step = await runStep(runnerEnv({ INPUT_FAIL_JOB: "false" }));
    expect(step.code, step.stdout).toBe(0);
    expect(github.checkRuns.map((r) => r.conclusion)).toEqual(["failure"]);
  });

  it("writes SARIF of the checkout for code scanning when asked", async () => {
    for (const [path, text] of Object.entries(samplePullRequest.head.files)) {
      await mkdir(dirname(join(work, path)), { recursive: true });
      await writeFile(join(work, path), text);
    }
    const step = await runStep(runnerEnv({ GITHUB_EVENT_NAME: "push", "INPUT_SARIF-FILE": "mapguard.sarif" }));
    expect(step.code, step.stdout).toBe(0);
    expect(step.stdout).toContain("nothing to review: the event is push");
    const log = JSON.parse(await readFile(join(work, "mapguard.sarif"), "utf8")) as { runs: { results: { ruleId: string }[] }[] };
    expect(compileSarifSchema()(log)).toBe(true);
    expect(codeScanningProblems(log)).toEqual([]);
    expect(log.runs[0].results.map((r) => r.ruleId)).toEqual(["nil-map-write"]);
    expect(github.requests).toEqual([]);
  });

  it("action.yml runs the compiled entry point with the inputs it declares", () => {
    const yml = readFileSync(ACTION_YML, "utf8");
    expect(yml).toContain('run: node "${{ github.action_path }}/dist/action/main.js"');
    for (const variable of ["INPUT_GITHUB_TOKEN", "INPUT_FAIL_JOB", "INPUT_SARIF_FILE"]) expect(yml).toContain(`        ${variable}: `);
    for (const name of ["github-token", "fail-job", "sarif-file", "upload-sarif"]) expect(yml).toContain(`  ${name}:\n`);
    expect(yml).toContain("uses: github/codeql-action/upload-sarif@v3");
  });
});
