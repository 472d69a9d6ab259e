import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { FilePatch } from "../../src/review/diff.js";
import { hunkContaining, parsePatch, parseUnifiedDiff, rangeInOneHunk } from "../../src/review/diff.js";

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/diffs/${name}`, import.meta.url), "utf8");

/** Sets become sorted arrays so a patch compares against a JSON golden file. */
function plain(patch: FilePatch): Record<string, unknown> {
  return { ...patch, added: [...patch.added].sort((a, b) => a - b), commentable: [...patch.commentable].sort((a, b) => a - b) };
}

describe("parsePatch (GitHub's per-file patch: hunks only)", () => {
  it("reads several hunks and ignores '\\ No newline at end of file'", () => {
    expect(plain(parsePatch("pkg/a.go", fixture("multi-hunk.patch")))).toEqual(JSON.parse(fixture("multi-hunk.golden.json")));
  });

  it("gives a pure deletion no added lines, and a zero-length new range no lines at all", () => {
    expect(plain(parsePatch("pkg/b.go", fixture("pure-deletion.patch")))).toEqual(JSON.parse(fixture("pure-deletion.golden.json")));
  });

  it("treats a missing patch (large or binary diff) as no hunks", () => {
    const patch = parsePatch("pkg/big.go", undefined);
    expect(patch.hunks).toEqual([]);
    expect(patch.added.size).toBe(0);
    expect(patch.commentable.size).toBe(0);
  });

  it("reads a header whose counts are omitted as one line", () => {
    const patch = parsePatch("x.go", "@@ -3 +3 @@\n-a\n+b");
    expect(patch.hunks[0]).toMatchObject({ oldStart: 3, oldLines: 1, newStart: 3, newLines: 1, added: [3], lines: [3] });
  });

  it("keeps an added line that is empty", () => {
    const patch = parsePatch("x.go", "@@ -1,1 +1,3 @@\n a\n+\n+b");
    expect([...patch.added]).toEqual([2, 3]);
  });
});

describe("parseUnifiedDiff (a whole git diff)", () => {
  it("reads modified, renamed, renamed-unchanged, deleted and new files", () => {
    expect(parseUnifiedDiff(fixture("git-diff.diff")).map(plain)).toEqual(JSON.parse(fixture("git-diff.golden.json")));
  });

  it("returns nothing for an empty diff", () => {
    expect(parseUnifiedDiff("")).toEqual([]);
  });
});

describe("hunk queries", () => {
  const patch = parsePatch("pkg/a.go", fixture("multi-hunk.patch"));

  it("finds the hunk showing a line", () => {
    expect(hunkContaining(patch, 22)?.newStart).toBe(21);
    expect(hunkContaining(patch, 15)).toBeUndefined();
  });

  it("accepts a range only when one hunk shows all of it", () => {
    expect(rangeInOneHunk(patch, 4, 7)).toBe(true);
    expect(rangeInOneHunk(patch, 9, 21)).toBe(false);
    expect(rangeInOneHunk(patch, 10, 11)).toBe(false);
  });
});
