// PLACEHOLDER (to be replaced by the review layer): inline review comment bodies.
import type { ReviewedFinding } from "./filter.js";
import type { FilePatch } from "./diff.js";

export interface RenderContext {
  owner: string;
  repo: string;
  headSha: string;
  /** e.g. https://github.com/mapguard/mapguard/blob/main/docs/rules */
  docsBaseUrl: string;
  /** false: never emit ```suggestion blocks (config review.suggestions). */
  suggestions: boolean;
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
  throw new Error(`not implemented: renderComment(${reviewed.finding.ruleId}, ${patch?.path}, ${ctx.repo})`);
}
