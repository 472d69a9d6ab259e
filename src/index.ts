// The Probot entry point: registers handlers, nothing else.
import type { ApplicationFunction, Probot } from "probot";
import { createAnalysisPool } from "./engine/pool.js";
import type { AnalysisPool } from "./engine/pool.js";
import { CHECK_RUN_EVENTS, onCheckRun } from "./github/handlers/check-run.js";
import { onCheckSuiteRerequested } from "./github/handlers/check-suite.js";
import { onIssueComment } from "./github/handlers/issue-comment.js";
import { onMergeGroup } from "./github/handlers/merge-group.js";
import { onPullRequest, PULL_REQUEST_EVENTS } from "./github/handlers/pull-request.js";

export interface MapguardApp {
  app: ApplicationFunction;
  /** Stops the analysis worker threads (so the process can exit). */
  close(): Promise<void>;
}

/** The app, and a way to release its worker pool on shutdown. */
export function createMapguardApp(options: { pool?: AnalysisPool } = {}): MapguardApp {
  let pool = options.pool;
  const app = (probot: Probot) => {
    const p = (pool ??= createAnalysisPool());
    probot.on([...PULL_REQUEST_EVENTS], (context) => onPullRequest(context, p));
    probot.on([...CHECK_RUN_EVENTS], (context) => onCheckRun(context, p));
    probot.on("check_suite.rerequested", (context) => onCheckSuiteRerequested(context, p));
    probot.on("issue_comment.created", (context) => onIssueComment(context, p));
    probot.on("merge_group.checks_requested", (context) => onMergeGroup(context));
  };
  return {
    app,
    close: async () => {
      await pool?.close();
      pool = undefined;
    },
  };
}

/** For `probot run` and other hosts that take a plain application function. */
const mapguard: ApplicationFunction = createMapguardApp().app;
export default mapguard;
