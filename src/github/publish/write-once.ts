// Non-idempotent writes (a review, a reply, a comment, a check run) are never
// retried blindly: GitHub sometimes stores a write and still answers 5xx, or
// the connection drops after it stored it, and Octokit's retry plugin would
// then post it twice. Such a write is sent with the plugin's retries off; on
// a failure that may hide a stored write, the caller looks at what GitHub
// holds and sends only what is missing.
import { statusOf } from "../load/directory-listing.js";

/** Sends of one write at most (the first and the ones after looking). */
export const MAX_WRITE_ATTEMPTS = 3;

/** Request options that turn off @octokit/plugin-retry for one request. */
export const NO_RETRY = { request: { retries: 0 } } as const;

/**
 * True when the write may have been stored although it failed: a 5xx, a
 * timeout or a dropped connection (Octokit reports those as status 500 or
 * without a status). A 4xx means GitHub refused it.
 */
export function mayHaveLanded(error: unknown): boolean {
  const status = statusOf(error);
  return status === undefined || status >= 500;
}

/**
 * Sends a write until it lands: after each failure that may hide a stored
 * write, `landed()` asks GitHub whether it did — `{ value }` when it did,
 * null to send again (`send` may then send less: only what is missing).
 */
export async function writeOnce<T>(send: (attempt: number) => Promise<T>, landed: () => Promise<{ value: T } | null>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await send(attempt);
    } catch (error) {
      if (!mayHaveLanded(error)) throw error;
      const found = await landed();
      if (found !== null) return found.value;
      if (attempt >= MAX_WRITE_ATTEMPTS) throw error;
    }
  }
}
