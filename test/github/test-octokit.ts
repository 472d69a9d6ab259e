// ProbotOctokit without retries or throttling. The function form matters:
// Probot merges its own throttle options over plain object defaults, which
// re-enabled throttling (one write a second) behind `{ throttle: { enabled: false } }`.
import { ProbotOctokit } from "probot";

type OctokitOptions = NonNullable<ConstructorParameters<typeof ProbotOctokit>[0]>;

export const TestOctokit = ProbotOctokit.defaults((options: OctokitOptions) => ({
  ...options,
  retry: { enabled: false },
  throttle: { ...options.throttle, enabled: false },
}));
