// Every request to GitHub gets a deadline. Without one a connection that
// GitHub (or a proxy on the way) holds open without answering keeps the run,
// and the check run with it, in progress until the socket gives up minutes
// later. GitHub ends a request of its own after ten seconds: "If GitHub takes
// more than 10 seconds to process an API request, GitHub will terminate the
// request and you will receive a timeout response" (docs.github.com,
// "Troubleshooting the REST API", Timeouts). So a request with no answer after
// REQUEST_TIMEOUT_MS is lost, not slow. Octokit reports the abort as a status
// 500 error: reads are retried by its retry plugin, and a write is treated as
// one that may have landed (publish/write-once.ts), so mapguard looks at what
// GitHub stored before sending it again.

/** How long a request to GitHub may go without an answer. */
export const REQUEST_TIMEOUT_MS = 30_000;

/** A `fetch` whose requests are aborted after `ms` without a complete answer (the caller's own signal still counts). */
export function timedFetch(ms: number = REQUEST_TIMEOUT_MS): typeof fetch {
  return (input, init) => {
    const deadline = AbortSignal.timeout(ms);
    const signal = init?.signal ? AbortSignal.any([init.signal, deadline]) : deadline;
    // globalThis.fetch at call time, so interceptors installed later (tests) see the request.
    return globalThis.fetch(input, { ...init, signal });
  };
}
