// Inline review comment bodies: the message, related locations as
// permalinks, the fix (a one-click suggestion when GitHub can apply it, a
// diff block otherwise — never dropped), the docs link and the hidden marker.
import type { Finding, LineEdit, Location } from "../analysis/types.js";
import type { FilePatch } from "./diff.js";
import { rangeInOneHunk } from "./diff.js";
import type { Anchor, ReviewedFinding } from "./filter.js";
import { singleFixRange } from "./filter.js";
import { escapeMarkdown, escapeProse, fencedBlock } from "./markdown.js";

export interface RenderContext {
  owner: string;
  repo: string;
  headSha: string;
  /** e.g. https://github.com/mapguard/mapguard/blob/main/docs/rules */
  docsBaseUrl: string;
  /** false: never emit ```suggestion blocks (config review.suggestions). */
  suggestions: boolean;
  /** Where permalinks point; default https://github.com (GitHub Enterprise: its own host). */
  webBaseUrl?: string;
  /** Head texts of files by path: a diff block shows the lines a fix replaces only when it knows them. */
  headTexts?: ReadonlyMap<string, string>;
}

/** One inline comment, shaped like an item of `comments` in pulls.createReview. */
export interface ReviewComment {
  path: string;
  line: number;
  start_line?: number;
  side: "RIGHT";
  start_side?: "RIGHT";
  body: string;
  fingerprint: string;
}

export const DEFAULT_WEB_BASE_URL = "https://github.com";

/** The hidden marker that lets a later run recognise its own comment. */
export function markerFor(fingerprint: string): string {
  return `<!-- mapguard:v1 fp=${fingerprint} -->`;
}

/** The fingerprint in a comment body written by mapguard, or null. */
export function parseMarker(body: string): string | null {
  return /<!-- mapguard:v1 fp=([A-Za-z0-9_-]+) -->/.exec(body)?.[1] ?? null;
}

/** Renders the comment for a reviewed finding that has an anchor. */
export function renderComment(reviewed: ReviewedFinding, patch: FilePatch | undefined, ctx: RenderContext): ReviewComment {
  const { finding, anchor } = reviewed;
  if (!anchor) {
    throw new Error(`[mapguard] cannot render an inline comment for ${finding.ruleId} at ${finding.location.path}:${finding.location.startLine}: it has no line in the diff`);
  }
  const sections: string[] = [];
  if (anchor.displacedFrom !== undefined) {
    const link = permalink(ctx, anchor.path, anchor.displacedFrom);
    sections.push(`This change made [line ${anchor.displacedFrom}](${link}) unsafe.`);
  }
  sections.push(escapeProse(finding.message));
  if (finding.related.length > 0) {
    sections.push(finding.related.map((r) => `- ${locationLink(ctx, r.location)}: ${escapeProse(r.message)}`).join("\n"));
  }
  if (finding.fix) sections.push(renderFix(finding, anchor, patch, ctx));
  sections.push(`Rule: [${escapeMarkdown(finding.ruleId)}](${ruleDocsUrl(ctx.docsBaseUrl, finding.ruleId)})`);
  sections.push(markerFor(finding.fingerprint));

  const comment: ReviewComment = { path: anchor.path, line: anchor.line, side: "RIGHT", body: sections.join("\n\n"), fingerprint: finding.fingerprint };
  if (anchor.startLine !== undefined && anchor.startLine < anchor.line) {
    comment.start_line = anchor.startLine;
    comment.start_side = "RIGHT";
  }
  return comment;
}

export function ruleDocsUrl(docsBaseUrl: string, ruleId: string): string {
  return `${docsBaseUrl.replace(/\/+$/, "")}/${encodeURIComponent(ruleId)}.md`;
}

/** A link to lines of a file at the head commit, which keeps pointing at the same text after later pushes. */
export function permalink(ctx: RenderContext, path: string, startLine: number, endLine = startLine): string {
  const base = (ctx.webBaseUrl ?? DEFAULT_WEB_BASE_URL).replace(/\/+$/, "");
  const encodedPath = path.split("/").map(encodeURIComponent).join("/");
  const lines = endLine > startLine ? `L${startLine}-L${endLine}` : `L${startLine}`;
  return `${base}/${ctx.owner}/${ctx.repo}/blob/${ctx.headSha}/${encodedPath}#${lines}`;
}

function locationLink(ctx: RenderContext, location: Location): string {
  const label = location.endLine > location.startLine ? `${location.path}:${location.startLine}-${location.endLine}` : `${location.path}:${location.startLine}`;
  return `[${escapeMarkdown(label)}](${permalink(ctx, location.path, location.startLine, location.endLine)})`;
}

function renderFix(finding: Finding, anchor: Anchor, patch: FilePatch | undefined, ctx: RenderContext): string {
  const fix = finding.fix;
  if (!fix) return "";
  const heading = `**Suggested fix:** ${escapeProse(fix.description)}`;
  const suggestion = ctx.suggestions && suggestionFits(finding, anchor, patch) ? suggestedText(fix.edits, anchor, ctx.headTexts) : null;
  if (suggestion !== null) return `${heading}\n\n${fencedBlock("suggestion", suggestion)}`;
  return `${heading}\n\n${fencedBlock("diff", diffLines(fix.edits, ctx.headTexts).join("\n"))}`;
}

/**
 * A suggestion replaces exactly the commented lines, so it is only offered
 * when the fix's one contiguous range lies within the range the comment sits
 * on, and that range lies inside one hunk.
 */
export function suggestionFits(finding: Finding, anchor: Anchor, patch: FilePatch | undefined): boolean {
  if (!patch || patch.path !== anchor.path) return false;
  const range = singleFixRange(finding, anchor.path);
  if (!range) return false;
  const commentStart = anchor.startLine ?? anchor.line;
  if (range.startLine < commentStart || range.endLine > anchor.line) return false;
  return rangeInOneHunk(patch, commentStart, anchor.line);
}

/**
 * The new text of the commented lines: the fix's edits, and the commented
 * lines around them unchanged (which needs the head text), or null when the
 * text is not known.
 */
function suggestedText(edits: readonly LineEdit[], anchor: Anchor, headTexts: ReadonlyMap<string, string> | undefined): string | null {
  const commentStart = anchor.startLine ?? anchor.line;
  const sorted = [...edits].sort((a, b) => a.startLine - b.startLine);
  const covered = sorted[0].startLine === commentStart && sorted[sorted.length - 1].endLine === anchor.line;
  const head = headTexts?.get(anchor.path)?.split("\n");
  if (!covered && head === undefined) return null;
  const out: string[] = [];
  let line = commentStart;
  for (const edit of sorted) {
    for (; line < edit.startLine; line++) out.push((head?.[line - 1] ?? "").replace(/\r$/, ""));
    // An empty replacement removes its lines rather than leaving a blank one.
    if (edit.replacement !== "") out.push(edit.replacement);
    line = edit.endLine + 1;
  }
  for (; line <= anchor.line; line++) out.push((head?.[line - 1] ?? "").replace(/\r$/, ""));
  return out.join("\n");
}

function diffLines(edits: readonly LineEdit[], headTexts: ReadonlyMap<string, string> | undefined): string[] {
  const sorted = [...edits].sort((a, b) => (a.path === b.path ? a.startLine - b.startLine : a.path < b.path ? -1 : 1));
  const out: string[] = [];
  for (const edit of sorted) {
    const lines = edit.endLine > edit.startLine ? `${edit.startLine}-${edit.endLine}` : `${edit.startLine}`;
    out.push(`@@ ${edit.path}:${lines} @@`);
    const text = headTexts?.get(edit.path);
    if (text !== undefined) {
      const old = text.split("\n").slice(edit.startLine - 1, edit.endLine);
      for (const l of old) out.push(`-${l.replace(/\r$/, "")}`);
    }
    if (edit.replacement !== "") {
      for (const l of edit.replacement.split("\n")) out.push(`+${l}`);
    }
  }
  return out;
}
