// The GitHub Action: on a pull_request event, the same analysis and the same
// publishing as the GitHub App (check run, review comments with suggestions,
// fixed-thread replies), with the workflow's token and no server; and,
// when asked, a SARIF file of the checkout for code scanning.
import { readFile, writeFile, appendFile } from "node:fs/promises";
import { resolve } from "node:path";
import { ProbotOctokit } from "probot";
import { main as cliMain } from "../cli.js";
import { createAnalysisPool } from "../engine/pool.js";
import { analyzePullRequest } from "../github/analyze-pull-request.js";
import { readConfig } from "../github/read-config.js";
import type { GitHubClient, Log } from "../github/types.js";
import { webOrigin } from "../github/types.js";
import { timedFetch } from "../github/timed-fetch.js";
import { actionLog } from "./action-log.js";

/** The pull_request actions the GitHub App analyses too. */
export const ANALYSED_ACTIONS = ["opened", "synchronize", "reopened", "ready_for_review"] as const;

export const EXIT_OK = 0;
export const EXIT_FAILED_CHECK = 1;
export const EXIT_ERROR = 2;

export interface ActionIO {
  /** The workflow log (stdout). */
  write(text: string): unknown;
}

interface PullRequestEvent {
  action?: string;
  pull_request?: { number: number; state?: string; html_url?: string; head: { sha: string }; base: { sha: string } };
  repository?: { name: string; owner: { login: string } };
}

/** Runs the action with the environment a runner gives a step; resolves to the exit status. */
export async function runAction(env: NodeJS.ProcessEnv, io: ActionIO = process.stdout): Promise<number> {
  const log = actionLog(io);
  try {
    return await run(env, io, log);
  } catch (error) {
    io.write(`::error title=mapguard::${escapeCommand(error instanceof Error ? error.message : String(error))}\n`);
    return EXIT_ERROR;
  }
}

async function run(env: NodeJS.ProcessEnv, io: ActionIO, log: Log): Promise<number> {
  const eventName = env.GITHUB_EVENT_NAME ?? "";
  const eventPath = required(env, "GITHUB_EVENT_PATH", "the runner sets it for every step");
  const event = JSON.parse(await readFile(eventPath, "utf8")) as PullRequestEvent;

  const sarifPath = input(env, "sarif-file");
  if (sarifPath !== "") await writeSarif(env, sarifPath, io);

  if (eventName !== "pull_request" && eventName !== "pull_request_target") {
    io.write(`[mapguard] nothing to review: the event is ${eventName || "unknown"}; run this action on: pull_request\n`);
    return EXIT_OK;
  }
  const pr = event.pull_request;
  const repository = event.repository;
  if (!pr || !repository) throw new Error(`[mapguard] ${eventPath} holds no pull_request and repository`);
  if (!(ANALYSED_ACTIONS as readonly string[]).includes(event.action ?? "") || pr.state === "closed") {
    io.write(`[mapguard] nothing to review for a pull request ${event.action ?? "event"} (${pr.state ?? "open"})\n`);
    return EXIT_OK;
  }

  const token = input(env, "github-token") || env.GITHUB_TOKEN || "";
  if (token === "") throw new Error("[mapguard] no token: pass github-token (the default is the workflow's ${{ github.token }})");
  const octokit = new ProbotOctokit({ auth: { token }, baseUrl: env.GITHUB_API_URL ?? "https://api.github.com", request: { fetch: timedFetch() } }) as GitHubClient;
  const owner = repository.owner.login;
  const repo = repository.name;

  const pool = createAnalysisPool();
  try {
    const result = await analyzePullRequest({
      octokit,
      target: { owner, repo, pullNumber: pr.number, headSha: pr.head.sha, baseSha: pr.base.sha, webBaseUrl: webOrigin(pr.html_url) },
      // Probot's context.config, without a context: the default branch's file, an org-wide .github repository, _extends.
      config: await readConfig({ config: (file: string) => repositoryConfig(octokit, owner, repo, file) } as Parameters<typeof readConfig>[0]),
      pool,
      log,
    });
    await setOutputs(env, { conclusion: result.conclusion, "check-run-id": String(result.checkRunId) });
    io.write(`[mapguard] check run ${result.checkRunId} completed: ${result.conclusion}\n`);
    const failJob = input(env, "fail-job") !== "false";
    return failJob && result.conclusion === "failure" ? EXIT_FAILED_CHECK : EXIT_OK;
  } finally {
    await pool.close();
  }
}

/** What Probot's context.config does: null when no file exists anywhere. */
async function repositoryConfig(octokit: GitHubClient, owner: string, repo: string, file: string): Promise<unknown> {
  const { config, files } = await octokit.config.get({ owner, repo, path: `.github/${file}` });
  return files.every((f) => f.config === null) ? null : config;
}

/** `mapguard analyze` over the checkout, as SARIF; findings never fail this step (the check run does). */
async function writeSarif(env: NodeJS.ProcessEnv, path: string, io: ActionIO): Promise<void> {
  const workspace = required(env, "GITHUB_WORKSPACE", "check out the repository first (actions/checkout)");
  let sarif = "";
  const code = await cliMain(["analyze", ".", "--format", "sarif", "--fail-on", "never", "--quiet"], {
    stdout: { write: (text: string) => (sarif += text) },
    stderr: { write: (text: string) => io.write(text) },
    cwd: workspace,
  });
  if (code !== 0) throw new Error(`[mapguard] could not write ${path}: mapguard analyze stopped with exit status ${code}`);
  // Relative to the checkout, like every path a workflow gives.
  await writeFile(resolve(workspace, path), sarif);
  await setOutputs(env, { "sarif-file": path });
  io.write(`[mapguard] wrote SARIF for code scanning to ${path}\n`);
}

/** An input as runners pass them to JavaScript actions (INPUT_GITHUB-TOKEN), or with underscores, as action.yml passes them (shell-safe names). */
function input(env: NodeJS.ProcessEnv, name: string): string {
  const key = `INPUT_${name.toUpperCase()}`;
  return (env[key] ?? env[key.replace(/-/g, "_")] ?? "").trim();
}

function required(env: NodeJS.ProcessEnv, name: string, hint: string): string {
  const value = env[name];
  if (!value) throw new Error(`[mapguard] ${name} is not set; ${hint}`);
  return value;
}

async function setOutputs(env: NodeJS.ProcessEnv, outputs: Record<string, string>): Promise<void> {
  if (!env.GITHUB_OUTPUT) return;
  await appendFile(env.GITHUB_OUTPUT, Object.entries(outputs).map(([k, v]) => `${k}=${v}\n`).join(""));
}

/** Workflow commands end at a newline; % and newlines are escaped. */
function escapeCommand(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}
