// GitHub's limits, in one place (see docs.github.com REST "checks" and "pulls").

/** Annotations accepted per checks.create / checks.update request; further updates append. */
export const MAX_ANNOTATIONS_PER_REQUEST = 50;
/** Check run output.title. */
export const MAX_CHECK_TITLE_CHARS = 255;
/** Check run output.summary, counted in bytes to be safe with non-ASCII text. */
export const MAX_CHECK_SUMMARY_BYTES = 65_535;
/** A check run action button. */
export const MAX_ACTION_LABEL_CHARS = 20;
export const MAX_ACTION_DESCRIPTION_CHARS = 40;
export const MAX_ACTION_IDENTIFIER_CHARS = 20;
/** Review bodies and comments share the issue-comment limit. */
export const MAX_COMMENT_BODY_CHARS = 65_536;
/**
 * Requests spent finding which inline comments GitHub refuses (it fails the
 * whole review with 422 and does not say which): each costs a pending review.
 */
export const MAX_REVIEW_PROBES = 12;
