import { describe, expect, it } from "vitest";
import { diffStat, unifiedPatch } from "../../src/demo/unified-diff.js";
import { parsePatch } from "../../src/review/diff.js";

describe("unifiedPatch", () => {
  it("writes GitHub-style hunks with three lines of context", () => {
    const before = ["package a", "", "func f() {", "\tm := make(map[string]int)", "\tm[\"k\"] = 1", "}", ""].join("\n");
    const after = before.replace("\tm := make(map[string]int)", "\tvar m map[string]int");
    expect(unifiedPatch(before, after)).toBe(
      ["@@ -1,6 +1,6 @@", " package a", " ", " func f() {", "-\tm := make(map[string]int)", "+\tvar m map[string]int", " \tm[\"k\"] = 1", " }"].join("\n"),
    );
  });

  it("describes an added file and splits distant changes into separate hunks that the review layer reads back", () => {
    expect(unifiedPatch("", "a\nb\n")).toBe("@@ -0,0 +1,2 @@\n+a\n+b");
    const lines = Array.from({ length: 30 }, (_, i) => `l${i}`);
    const changed = [...lines];
    changed[2] = "X";
    changed[25] = "Y";
    const patch = unifiedPatch(`${lines.join("\n")}\n`, `${changed.join("\n")}\n`);
    const parsed = parsePatch("f", patch);
    expect(parsed.hunks).toHaveLength(2);
    expect([...parsed.added].sort((a, b) => a - b)).toEqual([3, 26]);
    expect(diffStat(patch)).toEqual({ additions: 2, deletions: 2 });
  });

  it("is empty for equal texts", () => {
    expect(unifiedPatch("a\n", "a\n")).toBe("");
  });
});
