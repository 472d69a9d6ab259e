// The one review per analysis: inline comments on validated anchors,
// idempotent through the hidden fingerprint markers, and resilient to GitHub
// refusing a whole review because of one comment.
import type { FilePatch } from "../../review/diff.js";
import type { ReviewComment } from "../../review/render.js";
import { parseMarker } from "../../review/render.js";
import { statusOf } from "../load/directory-listing.js";
import type { GitHubClient, Log, PullRequestTarget } from "../types.js";
import { MAX_REVIEW_PROBES } from "./limits.js";
import { reviewBody } from "./review-body.js";
import type { Unposted } from "./review-body.js";

export interface ReviewRequest {
  /** Rendered comments for the findings the change introduced, most important first. */
  comments: ReviewComment[];
  patches: ReadonlyMap<string, FilePatch>;
  maxComments: number;
  /** A one-line description of a comment's finding, for the review body. */
  headline: (comment: ReviewComment) => string;
  /** mapguard's earlier comments on the pull request (read once per run by the caller). */
  earlier: readonly OwnComment[];
}

/** An earlier inline comment of mapguard's, recognised by its hidden marker. */
export interface OwnComment {
  id: number;
  path: string;
  fingerprint: string;
}

export interface ReviewResult {
  /** Fingerprints that have an inline comment now: posted by this run or by an earlier one. */
  commented: Set<string>;
  /** Id of the review posted, or null when none was needed. */
  reviewId: number | null;
}

type ApiComment = {
  path: string;
  line: number;
  side: "RIGHT";
  body: string;
  start_line?: number;
  start_side?: "RIGHT";
};

export async function publishReview(octokit: GitHubClient, target: PullRequestTarget, request: ReviewRequest, log?: Log): Promise<ReviewResult> {
  if (request.comments.length === 0) return { commented: new Set(), reviewId: null };
  const commented = new Set(request.earlier.map((c) => c.fingerprint));
  const fresh: ReviewComment[] = [];
  for (const c of request.comments) {
    if (commented.has(c.fingerprint) || fresh.some((f) => f.fingerprint === c.fingerprint)) continue;
    if (anchorIsValid(c, request.patches)) fresh.push(c);
    else log?.warn({ path: c.path, line: c.line }, "[mapguard] dropped a comment whose line is not part of the diff");
  }
  const inline = fresh.slice(0, Math.max(0, request.maxComments));
  const unposted: Unposted[] = fresh.slice(inline.length).map((comment) => ({ comment, why: "limit" }));
  if (inline.length === 0) return { commented, reviewId: null };

  const post = async (comments: ReviewComment[], refused: ReviewComment[]) => {
    const body = reviewBody(comments.length, [...unposted, ...refused.map((comment) => ({ comment, why: "refused" as const }))], request.headline);
    const { data } = await octokit.rest.pulls.createReview({
      owner: target.owner,
      repo: target.repo,
      pull_number: target.pullNumber,
      commit_id: target.headSha,
      event: "COMMENT",
      body,
      comments: comments.map(toApiComment),
    });
    for (const c of comments) commented.add(c.fingerprint);
    return data.id;
  };

  try {
    return { commented, reviewId: await post(inline, []) };
  } catch (error) {
    if (statusOf(error) !== 422) throw error;
    log?.warn({ comments: inline.length }, "[mapguard] GitHub refused the review (422); looking for the comments it rejects");
  }
  const accepted = await findAccepted(octokit, target, inline, { left: MAX_REVIEW_PROBES });
  const refused = inline.filter((c) => !accepted.includes(c));
  if (accepted.length === 0) return { commented, reviewId: null };
  try {
    return { commented, reviewId: await post(accepted, refused) };
  } catch (error) {
    if (statusOf(error) !== 422) throw error;
    // The check run's annotations still carry every finding.
    log?.warn("[mapguard] GitHub refused the review again; findings are reported as annotations only");
    return { commented, reviewId: null };
  }
}

/** The fingerprints of mapguard's own earlier inline comments on this pull request. */
/** mapguard's own earlier inline comments on the pull request. */
export async function readOwnComments(octokit: GitHubClient, target: PullRequestTarget): Promise<OwnComment[]> {
  const comments = await octokit.paginate(octokit.rest.pulls.listReviewComments, {
    owner: target.owner,
    repo: target.repo,
    pull_number: target.pullNumber,
    per_page: 100,
  });
  const found: OwnComment[] = [];
  for (const c of comments) {
    // Only a bot's marker counts: a human quoting one must not silence a finding.
    if (c.user?.type !== "Bot") continue;
    const fingerprint = parseMarker(c.body);
    if (fingerprint !== null) found.push({ id: c.id, path: c.path, fingerprint });
  }
  return found;
}

/** GitHub accepts RIGHT comments on added and context lines; a range must sit in one hunk. */
export function anchorIsValid(c: ReviewComment, patches: ReadonlyMap<string, FilePatch>): boolean {
  const patch = patches.get(c.path);
  if (!patch || !patch.commentable.has(c.line)) return false;
  if (c.start_line === undefined || c.start_line === c.line) return true;
  const start = c.start_line;
  return start < c.line && patch.hunks.some((h) => h.lines.includes(start) && h.lines.includes(c.line));
}

function toApiComment(c: ReviewComment): ApiComment {
  const out: ApiComment = { path: c.path, line: c.line, side: "RIGHT", body: c.body };
  if (c.start_line !== undefined && c.start_line !== c.line) {
    out.start_line = c.start_line;
    out.start_side = "RIGHT";
  }
  return out;
}

/**
 * Bisects a refused set of comments with pending reviews (invisible to
 * everyone, deleted at once) to keep every comment GitHub accepts.
 */
async function findAccepted(
  octokit: GitHubClient,
  target: PullRequestTarget,
  comments: ReviewComment[],
  budget: { left: number },
): Promise<ReviewComment[]> {
  if (comments.length === 1) return [];
  const half = Math.ceil(comments.length / 2);
  const accepted: ReviewComment[] = [];
  for (const part of [comments.slice(0, half), comments.slice(half)]) {
    if (part.length === 0 || budget.left <= 0) continue;
    budget.left--;
    if (await probe(octokit, target, part)) accepted.push(...part);
    else accepted.push(...(await findAccepted(octokit, target, part, budget)));
  }
  return accepted;
}

async function probe(octokit: GitHubClient, target: PullRequestTarget, comments: ReviewComment[]): Promise<boolean> {
  try {
    const { data } = await octokit.rest.pulls.createReview({
      owner: target.owner,
      repo: target.repo,
      pull_number: target.pullNumber,
      commit_id: target.headSha,
      comments: comments.map(toApiComment),
    });
    await octokit.rest.pulls.deletePendingReview({ owner: target.owner, repo: target.repo, pull_number: target.pullNumber, review_id: data.id });
    return true;
  } catch (error) {
    if (statusOf(error) === 422) return false;
    throw error;
  }
}
