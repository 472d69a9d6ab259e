// `/mapguard <command>` in a pull request comment: parsing and replies.
import { ruleMetas } from "../analysis/rules/index.js";
import { docsBaseUrl } from "../docs-url.js";
import { codeSpan } from "./publish/review-body.js";

export type Command =
  | { kind: "rescan" }
  | { kind: "help" }
  | { kind: "explain"; ruleId: string }
  | { kind: "unknown"; text: string };

const PREFIX = /^\/mapguard(?:\s+|$)/;

/** The command in a comment body, or null when the comment is not addressed to mapguard. */
export function parseCommand(body: string): Command | null {
  const line = body.trim().split(/\r?\n/, 1)[0]?.trim() ?? "";
  if (!PREFIX.test(line)) return null;
  const [name = "", arg, ...rest] = line.replace(PREFIX, "").split(/\s+/).filter(Boolean);
  if (name === "rescan" && arg === undefined) return { kind: "rescan" };
  if (name === "help" && arg === undefined) return { kind: "help" };
  if (name === "explain" && arg !== undefined && rest.length === 0) return { kind: "explain", ruleId: arg };
  return { kind: "unknown", text: line };
}

export function helpText(): string {
  return [
    "mapguard understands these commands in a pull request comment:",
    "",
    "- `/mapguard rescan`: analyse the pull request's head commit again",
    "- `/mapguard help`: this list",
    "- `/mapguard explain <rule-id>`: what a rule finds and how to fix it",
    "",
    `Rules: ${ruleMetas.map((r) => codeSpan(r.id)).join(", ")}.`,
  ].join("\n");
}

export function unknownCommandText(text: string): string {
  return `mapguard does not understand ${codeSpan(text.slice(0, 200))}.\n\n${helpText()}`;
}

/** The reply to `/mapguard explain`, or null for an unknown rule id. */
export function explainText(ruleId: string): string | null {
  const rule = ruleMetas.find((r) => r.id === ruleId);
  if (!rule) return null;
  return `**${rule.id}** (${rule.severity}): ${rule.summary}\n\nMore, with examples and the suggested fix: ${docsBaseUrl()}/${rule.id}.md`;
}

export function unknownRuleText(ruleId: string): string {
  return `mapguard has no rule ${codeSpan(ruleId.slice(0, 100))}. Rules: ${ruleMetas.map((r) => codeSpan(r.id)).join(", ")}.`;
}
