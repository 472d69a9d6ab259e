// ProbotOctokit with its real retry and throttling plugins, as production
// runs it, on fast timers: retries after 1, 4 and 9 ms instead of seconds,
// writes at most one a millisecond instead of one a second. With this client
// a write that GitHub stores but answers 500 would be sent again by the retry
// plugin unless mapguard turns retries off for it.
// bottleneck is the limiter library the throttling plugin itself uses (a dependency of probot).
import Bottleneck from "bottleneck";
import { ProbotOctokit } from "probot";

type OctokitOptions = NonNullable<ConstructorParameters<typeof ProbotOctokit>[0]>;

/** How many requests went through the throttling plugin's write limiter (writes, and any GraphQL it queues). */
export const writeLimiter = { uses: 0 };

/** The plugin's write limiter — one request at a time, 1 ms apart — counting what it lets through. */
function countingWriteGroup() {
  const group = new Bottleneck.Group({ maxConcurrent: 1, minTime: 1 });
  return {
    key: (id: string) => {
      const limiter = group.key(id);
      return {
        schedule: (...args: Parameters<typeof limiter.schedule>) => {
          writeLimiter.uses++;
          return limiter.schedule(...args);
        },
      };
    },
  };
}

const fastWrites = countingWriteGroup() as unknown as Bottleneck.Group;
const fastNotifications = new Bottleneck.Group({ maxConcurrent: 1, minTime: 1 });

/** Limiters an instance brings win over these defaults, as they do over Probot's. */
export const RetryingOctokit = ProbotOctokit.defaults((options: OctokitOptions) => ({
  ...options,
  retry: { retryAfterBaseValue: 1 },
  throttle: { write: fastWrites, notifications: fastNotifications, ...options.throttle, enabled: true },
}));
