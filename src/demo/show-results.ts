// Prints what a maintainer would see on GitHub after mapguard ran.
import type { FakeCheckRun, FakeReview, RecordedRequest } from "./fake-github.js";

export function describeCheckRun(run: FakeCheckRun): string {
  const lines = [
    `Check run "${run.name}" on ${run.head_sha.slice(0, 7)}: ${run.status}, conclusion ${run.conclusion ?? "(none)"}`,
    `  Title: ${run.output.title ?? ""}`,
    "  Summary:",
    ...indent(run.output.summary ?? "", "    "),
  ];
  if (run.annotations.length > 0) {
    lines.push("  Annotations:");
    for (const a of run.annotations) {
      lines.push(`    ${String(a.path)}:${String(a.start_line)} [${String(a.annotation_level)}] ${String(a.title ?? "")}`);
      lines.push(...indent(String(a.message ?? ""), "      "));
    }
  }
  return lines.join("\n");
}

export function describeReviews(reviews: readonly FakeReview[]): string {
  const posted = reviews.filter((r) => r.event !== undefined);
  if (posted.length === 0) return "No review was posted.";
  const lines: string[] = [];
  for (const r of posted) {
    lines.push(`Review (${r.event}) with ${r.comments.length} inline ${r.comments.length === 1 ? "comment" : "comments"}:`);
    lines.push(...indent(r.body ?? "", "  "));
    for (const c of r.comments) {
      const where = c.start_line !== undefined ? `${c.path}:${c.start_line}-${c.line}` : `${c.path}:${c.line}`;
      lines.push("", `  Comment on ${where}`, ...indent(c.body, "  │ "));
    }
  }
  return lines.join("\n");
}

export function describeRequests(requests: readonly RecordedRequest[]): string {
  return ["GitHub API requests made by the app:", ...requests.map((r) => `  ${r.status} ${r.method} ${r.path}`)].join("\n");
}

function indent(text: string, prefix: string): string[] {
  return text.split("\n").map((l) => (l ? `${prefix}${l}` : prefix.trimEnd()));
}
