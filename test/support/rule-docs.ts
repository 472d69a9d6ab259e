// Reading docs/rules/<id>.md: its `##` headings and the Go examples under them.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import type { SourceFile } from "../../src/analysis/types.js";
import { REPO_ROOT } from "./fixtures.js";

export const RULE_DOCS_DIR = join(REPO_ROOT, "docs", "rules");

/** Every rule page has exactly these `##` headings, in this order (STYLE.md). */
export const REQUIRED_HEADINGS = [
  "What it finds",
  "Why it matters",
  "Incorrect",
  "Correct",
  "Suggested fix",
  "Limitations",
  "When not to use it",
] as const;

export function ruleDocPath(id: string): string {
  return join(RULE_DOCS_DIR, `${id}.md`);
}

export function ruleDocIds(): string[] {
  if (!existsSync(RULE_DOCS_DIR)) return [];
  return readdirSync(RULE_DOCS_DIR)
    .filter((n) => n.endsWith(".md"))
    .map((n) => n.slice(0, -".md".length))
    .sort();
}

export function readRuleDoc(id: string): string {
  return readFileSync(ruleDocPath(id), "utf8");
}

/** Lines outside fenced code blocks, so a `## ` inside an example is not a heading. */
function proseLines(markdown: string): { text: string; inFence: boolean }[] {
  let fence: string | null = null;
  return markdown.split("\n").map((text) => {
    const open = /^\s*(`{3,}|~{3,})/.exec(text);
    if (open?.[1]) {
      if (fence === null) fence = open[1];
      else if (open[1].startsWith(fence)) fence = null;
      return { text, inFence: true };
    }
    return { text, inFence: fence !== null };
  });
}

export function level2Headings(markdown: string): string[] {
  return proseLines(markdown)
    .filter((l) => !l.inFence && /^## /.test(l.text))
    .map((l) => l.text.slice(3).trim());
}

/** The text between `## <heading>` and the next `## ` heading. */
export function section(markdown: string, heading: string): string {
  const lines = proseLines(markdown);
  const start = lines.findIndex((l) => !l.inFence && l.text.trim() === `## ${heading}`);
  if (start < 0) return "";
  const rest = lines.slice(start + 1);
  const end = rest.findIndex((l) => !l.inFence && /^## /.test(l.text));
  return (end < 0 ? rest : rest.slice(0, end)).map((l) => l.text).join("\n");
}

/** The ```go blocks of one section, each as a file of its own. */
export function goExamples(id: string, heading: string): SourceFile[] {
  const blocks: string[] = [];
  const re = /^```go[^\n]*\n([\s\S]*?)^```\s*$/gm;
  for (const m of section(readRuleDoc(id), heading).matchAll(re)) blocks.push(m[1] ?? "");
  const slug = heading.toLowerCase().replace(/\W+/g, "-");
  return blocks.map((text, i) => ({ path: `docs/rules/${id}/${slug}-${i + 1}.go`, text }));
}
