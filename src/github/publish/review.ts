// The one review per analysis: inline comments on validated anchors,
// idempotent through the hidden fingerprint markers, and resilient to GitHub
// refusing a whole review because of one comment. A review is never posted
// twice: when GitHub answers 5xx or the connection drops, mapguard reads its
// markers again and posts only the comments that did not land.
import type { FilePatch } from "../../review/diff.js";
import type { ReviewComment } from "../../review/render.js";
import { statusOf } from "../load/directory-listing.js";
import type { GitHubClient, Log, PullRequestTarget } from "../types.js";
import { MAX_REVIEW_PROBES } from "./limits.js";
import { readPullState } from "./pull-state.js";
import type { PullState } from "./pull-state.js";
import { reviewBody } from "./review-body.js";
import type { Unposted } from "./review-body.js";
import { mayHaveLanded, NO_RETRY, writeOnce } from "./write-once.js";

export interface ReviewRequest {
  /** Rendered comments for the findings the change introduced, most important first. */
  comments: ReviewComment[];
  patches: ReadonlyMap<string, FilePatch>;
  maxComments: number;
  /** A one-line description of a comment's finding, for the review body. */
  headline: (comment: ReviewComment) => string;
  /** mapguard's earlier comments on the pull request (read once per run by the caller). */
  earlier: readonly OwnComment[];
  /**
   * Fingerprints of mapguard's comments on the pull request now, read again
   * after a write whose answer was lost (default: from the review threads).
   */
  current?: () => Promise<ReadonlySet<string>>;
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

/** What one review will post, decided before anything is sent, so the check run can say it first. */
export interface ReviewPlan {
  /** Fingerprints that have an inline comment once the review is posted: earlier ones and this review's. */
  commented: ReadonlySet<string>;
  /** This review's inline comments. */
  inline: ReviewComment[];
  /** Findings listed in the review body instead (over the comment limit). */
  unposted: Unposted[];
}

/** Pure: the comments not posted before, on lines GitHub accepts, within the limit. */
export function planReview(request: ReviewRequest, log?: Log): ReviewPlan {
  const earlier = new Set(request.earlier.map((c) => c.fingerprint));
  const fresh: ReviewComment[] = [];
  for (const c of request.comments) {
    if (earlier.has(c.fingerprint) || fresh.some((f) => f.fingerprint === c.fingerprint)) continue;
    if (anchorIsValid(c, request.patches)) fresh.push(c);
    else log?.warn({ path: c.path, line: c.line }, "[mapguard] dropped a comment whose line is not part of the diff");
  }
  const inline = fresh.slice(0, Math.max(0, request.maxComments));
  const unposted: Unposted[] = fresh.slice(inline.length).map((comment) => ({ comment, why: "limit" }));
  return { commented: new Set([...earlier, ...inline.map((c) => c.fingerprint)]), inline, unposted };
}

/** Posts the planned review; `commented` in the result is what holds after it (less than planned when GitHub refused some). */
export async function publishReview(
  octokit: GitHubClient,
  target: PullRequestTarget,
  request: ReviewRequest,
  log?: Log,
  plan: ReviewPlan = planReview(request, log),
): Promise<ReviewResult> {
  const commented = new Set(request.earlier.map((c) => c.fingerprint));
  const { inline, unposted } = plan;
  if (inline.length === 0) return { commented, reviewId: null };

  const current = request.current ?? (async () => new Set((await readOwnComments(octokit, target)).map((c) => c.fingerprint)));
  const post = async (comments: ReviewComment[], refused: ReviewComment[]) => {
    let toPost = comments;
    const id = await writeOnce(
      async () => {
        const body = reviewBody(toPost.length, [...unposted, ...refused.map((comment) => ({ comment, why: "refused" as const }))], request.headline);
        const { data } = await octokit.rest.pulls.createReview({
          owner: target.owner,
          repo: target.repo,
          pull_number: target.pullNumber,
          commit_id: target.headSha,
          event: "COMMENT",
          body,
          comments: toPost.map(toApiComment),
          ...NO_RETRY,
        });
        return data.id as number | null;
      },
      async () => {
        // Did GitHub store the review although it failed? Its comments' markers say.
        const present = await current();
        log?.warn({ landed: toPost.filter((c) => present.has(c.fingerprint)).length, sent: toPost.length }, "[mapguard] posting the review failed; checked what GitHub stored");
        toPost = toPost.filter((c) => !present.has(c.fingerprint));
        return toPost.length === 0 ? { value: null } : null;
      },
    );
    for (const c of comments) commented.add(c.fingerprint);
    return id;
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

/** mapguard's own earlier inline comments on the pull request (the first comments of its review threads). */
export async function readOwnComments(octokit: GitHubClient, target: PullRequestTarget): Promise<OwnComment[]> {
  return ownComments(await readPullState(octokit, target));
}

export function ownComments(state: PullState): OwnComment[] {
  return state.threads.map((t) => ({ id: t.commentId, path: t.path, fingerprint: t.fingerprint }));
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
  const send = () =>
    octokit.rest.pulls.createReview({
      owner: target.owner,
      repo: target.repo,
      pull_number: target.pullNumber,
      commit_id: target.headSha,
      comments: comments.map(toApiComment),
      ...NO_RETRY,
    });
  let id: number;
  try {
    id = (await send()).data.id;
  } catch (error) {
    if (statusOf(error) === 422) return false;
    if (!mayHaveLanded(error)) throw error;
    // A pending review that landed unseen would make GitHub refuse the next one (one pending review a user).
    await deletePendingReviews(octokit, target);
    try {
      id = (await send()).data.id;
    } catch (again) {
      if (statusOf(again) === 422) return false;
      throw again;
    }
  }
  await deletePendingReview(octokit, target, id);
  return true;
}

/** Deleting is idempotent: a retry that finds the review gone (404) is done. */
async function deletePendingReview(octokit: GitHubClient, target: PullRequestTarget, reviewId: number): Promise<void> {
  try {
    await octokit.rest.pulls.deletePendingReview({ owner: target.owner, repo: target.repo, pull_number: target.pullNumber, review_id: reviewId });
  } catch (error) {
    if (statusOf(error) !== 404) throw error;
  }
}

/** mapguard's pending reviews (nobody else's are visible to it). */
async function deletePendingReviews(octokit: GitHubClient, target: PullRequestTarget): Promise<void> {
  const reviews = await octokit.paginate(octokit.rest.pulls.listReviews, { owner: target.owner, repo: target.repo, pull_number: target.pullNumber, per_page: 100 });
  for (const r of reviews) if (r.state === "PENDING") await deletePendingReview(octokit, target, r.id);
}
