// The operation names of mapguard's GraphQL requests: they tell mapguard's
// requests apart in logs, in the benchmark's counts and in the demo's stand-in.
export const QUERY_NAMES = {
  /** .github/mapguard.yml of the repository and of its owner's .github repository. */
  config: "MapguardConfig",
  /** Blob texts by object id, in batches. */
  blobs: "MapguardBlobs",
  /** Directory entries (and go.mod files) at the head and base commits. */
  trees: "MapguardTrees",
  /** The pull request's head and mapguard's own review threads. */
  pullState: "MapguardPullState",
  /** One review thread's comments, read again after a reply's answer was lost. */
  thread: "MapguardThread",
  /** Resolving one review thread. */
  resolve: "MapguardResolveThread",
} as const;
