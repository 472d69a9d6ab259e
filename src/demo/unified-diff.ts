// Line diffs in the shape of the `patch` field of GitHub's pull-request files
// endpoint: hunks only, no file headers, 3 lines of context. The demo's
// stand-in for GitHub serves these, and tests use them to describe PRs.
import { structuredPatch } from "diff";

const CONTEXT = 3;

/** The unified diff of two versions of one file; "" when they are equal. */
export function unifiedPatch(oldText: string, newText: string): string {
  const { hunks } = structuredPatch("a", "b", oldText, newText, "", "", { context: CONTEXT });
  return hunks
    .map((h) => {
      // git (and GitHub) number an empty side from the line before it: "-0,0" for an added file.
      const oldStart = h.oldLines === 0 ? h.oldStart - 1 : h.oldStart;
      const newStart = h.newLines === 0 ? h.newStart - 1 : h.newStart;
      return [`@@ -${oldStart},${h.oldLines} +${newStart},${h.newLines} @@`, ...h.lines].join("\n");
    })
    .join("\n");
}

/** Added and deleted line counts of a patch, as GitHub reports them beside it. */
export function diffStat(patch: string): { additions: number; deletions: number } {
  let additions = 0;
  let deletions = 0;
  for (const line of patch.split("\n")) {
    if (line.startsWith("+")) additions++;
    else if (line.startsWith("-")) deletions++;
  }
  return { additions, deletions };
}
