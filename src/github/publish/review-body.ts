// The body of the one review mapguard posts: a count, and the findings that
// could not be inline comments (over the limit, or refused by GitHub).
import type { ReviewComment } from "../../review/render.js";

export interface Unposted {
  comment: ReviewComment;
  why: "limit" | "refused";
}

export function reviewBody(posted: number, unposted: readonly Unposted[], headline: (c: ReviewComment) => string): string {
  const total = posted + unposted.length;
  const lines = [`**mapguard** found ${total} map ${total === 1 ? "hazard" : "hazards"} in this change. Details and fixes are in the comments below and in the \`mapguard\` check run.`];
  const overLimit = unposted.filter((u) => u.why === "limit");
  const refused = unposted.filter((u) => u.why === "refused");
  if (overLimit.length > 0) {
    lines.push("", `${overLimit.length} more ${overLimit.length === 1 ? "finding is" : "findings are"} not commented inline, to keep this review readable:`);
    for (const u of overLimit) lines.push(`- ${codeSpan(`${u.comment.path}:${u.comment.line}`)} ${headline(u.comment)}`);
  }
  if (refused.length > 0) {
    lines.push("", `GitHub did not accept ${refused.length} inline ${refused.length === 1 ? "comment" : "comments"}; see the check run's annotations for:`);
    for (const u of refused) lines.push(`- ${codeSpan(`${u.comment.path}:${u.comment.line}`)} ${headline(u.comment)}`);
  }
  return lines.join("\n");
}

/** A Markdown code span that survives backticks inside the text. */
export function codeSpan(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  const pad = text.startsWith("`") || text.endsWith("`") ? " " : "";
  return `${fence}${pad}${text}${pad}${fence}`;
}
