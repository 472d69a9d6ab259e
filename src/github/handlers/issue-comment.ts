// `/mapguard rescan | help | explain <rule-id>` in a pull request comment.
import type { Context } from "probot";
import type { AnalysisPool } from "../../engine/pool.js";
import { analyzePullRequest } from "../analyze-pull-request.js";
import { explainText, helpText, parseCommand, unknownCommandText, unknownRuleText } from "../commands.js";
import type { Command } from "../commands.js";
import { getPullRequest } from "../find-pull-request.js";
import { NO_RETRY, writeOnce } from "../publish/write-once.js";
import { readConfig } from "../read-config.js";

type CommentContext = Context<"issue_comment.created">;
type Reaction = "eyes" | "rocket" | "confused" | "-1";

/** Legacy permission levels that may run commands; "maintain" reports as "write" there. */
const ALLOWED_PERMISSIONS = new Set(["admin", "write"]);

export async function onIssueComment(context: CommentContext, pool: AnalysisPool): Promise<void> {
  const { issue, comment, sender, repository } = context.payload;
  if (sender.type === "Bot" || !issue.pull_request || issue.state === "closed") return;
  const command = parseCommand(comment.body);
  if (command === null) return;
  const repo = { owner: repository.owner.login, repo: repository.name };
  // Reacting is idempotent (GitHub answers 200 with the reaction it already has), so retries are safe.
  const react = (content: Reaction) => context.octokit.rest.reactions.createForIssueComment({ ...repo, comment_id: comment.id, content });

  // No reply to strangers: one they could trigger over and over is spam.
  if (!(await mayRunCommands(context, sender.login, issue.user.login))) {
    await react("-1");
    return;
  }
  await react("eyes");
  let done = false;
  try {
    done = await runCommand(context, command, pool);
  } finally {
    await react(done ? "rocket" : "confused");
  }
}

async function mayRunCommands(context: CommentContext, login: string, author: string): Promise<boolean> {
  if (login === author) return true;
  const { data } = await context.octokit.rest.repos.getCollaboratorPermissionLevel(context.repo({ username: login }));
  return ALLOWED_PERMISSIONS.has(data.permission);
}

/** True when the command did what was asked. */
async function runCommand(context: CommentContext, command: Command, pool: AnalysisPool): Promise<boolean> {
  const reply = (body: string) => answerOnce(context, body);
  switch (command.kind) {
    case "help":
      await reply(helpText());
      return true;
    case "explain": {
      const text = explainText(command.ruleId);
      await reply(text ?? unknownRuleText(command.ruleId));
      return text !== null;
    }
    case "unknown":
      await reply(unknownCommandText(command.text));
      return false;
    case "rescan": {
      const pr = await getPullRequest(context.octokit, context.repo(), context.payload.issue.number);
      const result = await analyzePullRequest({ octokit: context.octokit, target: pr.target, config: readConfig(context, { octokit: context.octokit, owner: pr.target.owner, repo: pr.target.repo }), pool, log: context.log });
      return result.conclusion === "success" || result.conclusion === "failure";
    }
  }
}

/** Marks an answer with the comment it answers, so a lost answer can be found instead of posted twice. */
export function answerMarker(commentId: number): string {
  return `<!-- mapguard:v1 answer=${commentId} -->`;
}

async function answerOnce(context: CommentContext, text: string): Promise<void> {
  const { comment } = context.payload;
  const body = `${text}\n\n${answerMarker(comment.id)}`;
  await writeOnce(
    async () => {
      await context.octokit.rest.issues.createComment(context.issue({ body, ...NO_RETRY }));
    },
    async () => {
      // Answers come after the command: only comments since it are read.
      const since = await context.octokit.paginate(context.octokit.rest.issues.listComments, context.issue({ since: comment.created_at, per_page: 100 }));
      return since.some((c) => c.user?.type === "Bot" && c.body?.includes(answerMarker(comment.id))) ? { value: undefined } : null;
    },
  );
}
