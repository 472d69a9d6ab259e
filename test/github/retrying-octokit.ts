// ProbotOctokit with its real retry and throttling plugins, as production
// runs it, on fast timers: retries after 1, 4 and 9 ms instead of seconds,
// writes at most one a millisecond instead of one a second. With this client
// a write that GitHub stores but answers 500 would be sent again by the retry
// plugin unless mapguard turns retries off for it.
// bottleneck is the limiter library the throttling plugin itself uses (a dependency of probot).
import Bottleneck from "bottleneck";
import { ProbotOctokit } from "probot";

type OctokitOptions = NonNullable<ConstructorParameters<typeof ProbotOctokit>[0]>;

export const RetryingOctokit = ProbotOctokit.defaults((options: OctokitOptions) => ({
  ...options,
  retry: { retryAfterBaseValue: 1 },
  throttle: {
    ...options.throttle,
    enabled: true,
    write: new Bottleneck.Group({ maxConcurrent: 1, minTime: 1 }),
    notifications: new Bottleneck.Group({ maxConcurrent: 1, minTime: 1 }),
  },
}));
