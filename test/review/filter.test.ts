import { describe, expect, it } from "vitest";
import { parsePatch } from "../../src/review/diff.js";
import type { FilePatch } from "../../src/review/diff.js";
import { analysedOnBothSides, reviewFindings } from "../../src/review/filter.js";
import { finding, loc } from "./helpers.js";

// New side of a.go: lines 3..10 shown by hunk 1 (5 and 6 added), 21..25 by hunk 2 (23 and 25 added).
const A = parsePatch(
  "a.go",
  [
    "@@ -3,7 +3,8 @@",
    " ",
    " func load() map[string]int {",
    "-	m := make(map[string]int)",
    "+	var m map[string]int",
    "+	var n int",
    " 	m[\"a\"] = 1",
    " 	return m",
    " }",
    " ",
    "@@ -20,4 +21,5 @@",
    " 	x := 1",
    " 	_ = x",
    "+	y := 2",
    " }",
    "+// end",
  ].join("\n"),
);
// A change that only deletes lines: 11 and 12 of the old file are gone; new lines 10..13 are context.
const B = parsePatch("b.go", "@@ -10,6 +10,4 @@\n 	var mu sync.Mutex\n-	mu.Lock()\n-	defer mu.Unlock()\n 	m[\"a\"] = 1\n 	return\n }");

const patches = (...ps: FilePatch[]) => new Map(ps.map((p) => [p.path, p]));

describe("reviewFindings: cause", () => {
  it("marks a finding on an added line as changed-line", () => {
    const f = finding({ location: loc("a.go", 5) });
    const { reviewed } = reviewFindings({ head: [f], base: [f], patches: patches(A) });
    expect(reviewed[0]).toMatchObject({ cause: "changed-line", introduced: true, anchor: { path: "a.go", line: 5 } });
  });

  it("marks a finding whose related location is on an added line as related-changed-line", () => {
    const f = finding({ location: loc("a.go", 7), related: [{ location: loc("a.go", 5), message: "`m` is declared here without `make`." }] });
    const { reviewed } = reviewFindings({ head: [f], base: [f], patches: patches(A) });
    expect(reviewed[0]).toMatchObject({ cause: "related-changed-line", introduced: true, anchor: { line: 7 } });
    expect(reviewed[0].anchor?.displacedFrom).toBeUndefined();
  });

  it("marks a finding absent at base as new even though no line of it was added", () => {
    const f = finding({ location: loc("b.go", 11) });
    const { reviewed } = reviewFindings({ head: [f], base: [], patches: patches(B) });
    expect(reviewed[0]).toMatchObject({ cause: "new", introduced: true, anchor: { path: "b.go", line: 11 } });
  });

  it("keeps a pre-existing, untouched finding, marked none and without an anchor", () => {
    const f = finding({ location: loc("a.go", 8) });
    const { reviewed } = reviewFindings({ head: [f], base: [f], patches: patches(A) });
    expect(reviewed).toHaveLength(1);
    expect(reviewed[0]).toMatchObject({ cause: "none", introduced: false, anchor: null });
  });

  it("never calls a finding new in a file that was not analysed on both sides", () => {
    const f = finding({ location: loc("sibling.go", 3) });
    const { reviewed } = reviewFindings({ head: [f], base: [], patches: patches(A) });
    expect(reviewed[0]).toMatchObject({ cause: "none", introduced: false });
  });

  it("calls a finding in an unchanged sibling new when the base lacks it (a make deleted in another file)", () => {
    const f = finding({ location: loc("sibling.go", 3) });
    const siblings = analysedOnBothSides(["a.go", "sibling.go", "added.go"], ["a.go", "sibling.go"]);
    expect([...siblings]).toEqual(["a.go", "sibling.go"]);
    const { reviewed } = reviewFindings({ head: [f], base: [], patches: patches(A), siblings });
    // No line of sibling.go is in the diff: an annotation, not an inline comment.
    expect(reviewed[0]).toMatchObject({ cause: "new", introduced: true, anchor: null });
    const before = reviewFindings({ head: [f], base: [f], patches: patches(A), siblings });
    expect(before.reviewed[0]).toMatchObject({ cause: "none", introduced: false });
  });

  it("counts a multi-line finding as changed when any of its lines was added", () => {
    const f = finding({ location: loc("a.go", 3, 5) });
    const { reviewed } = reviewFindings({ head: [f], base: [f], patches: patches(A) });
    expect(reviewed[0].cause).toBe("changed-line");
  });
});

describe("reviewFindings: anchor", () => {
  it("comments on a context line the hunk shows", () => {
    const f = finding({ location: loc("a.go", 9) });
    expect(reviewFindings({ head: [f], base: [], patches: patches(A) }).reviewed[0].anchor).toEqual({ path: "a.go", line: 9 });
  });

  it("uses start_line for a multi-line finding inside one hunk", () => {
    const f = finding({ location: loc("a.go", 5, 7) });
    expect(reviewFindings({ head: [f], base: [], patches: patches(A) }).reviewed[0].anchor).toEqual({ path: "a.go", line: 7, startLine: 5 });
  });

  it("falls back to a single line when a multi-line finding crosses a hunk boundary", () => {
    const f = finding({ location: loc("a.go", 9, 22) });
    expect(reviewFindings({ head: [f], base: [], patches: patches(A) }).reviewed[0].anchor).toEqual({ path: "a.go", line: 9 });
  });

  it("moves a comment whose line is outside the diff to the nearest added line, naming the line", () => {
    const f = finding({ location: loc("a.go", 15) });
    expect(reviewFindings({ head: [f], base: [], patches: patches(A) }).reviewed[0].anchor).toEqual({ path: "a.go", line: 23, displacedFrom: 15 });
  });

  it("breaks a tie between added lines towards the earlier line", () => {
    const f = finding({ location: loc("a.go", 22) });
    const onlyAdded = parsePatch("a.go", "@@ -1,1 +1,2 @@\n a\n+b\n@@ -40,1 +41,2 @@\n c\n+d");
    const anchor = reviewFindings({ head: [f], base: [], patches: patches(onlyAdded) }).reviewed[0].anchor;
    expect(anchor).toEqual({ path: "a.go", line: 2, displacedFrom: 22 });
  });

  it("uses the nearest context line when the change added no line at all", () => {
    const f = finding({ location: loc("b.go", 30) });
    expect(reviewFindings({ head: [f], base: [], patches: patches(B) }).reviewed[0].anchor).toEqual({ path: "b.go", line: 13, displacedFrom: 30 });
  });

  it("prefers the lines the fix replaces when the diff shows them, so the fix can be a suggestion", () => {
    const f = finding({
      location: loc("a.go", 15),
      fix: { description: "Create `m` with `make`.", edits: [{ path: "a.go", startLine: 4, endLine: 4, replacement: "\tm := make(map[string]int)" }] },
    });
    expect(reviewFindings({ head: [f], base: [], patches: patches(A) }).reviewed[0].anchor).toEqual({ path: "a.go", line: 4, displacedFrom: 15 });
  });

  it("has no anchor when the file's patch has no hunks (GitHub omitted it)", () => {
    const f = finding({ location: loc("big.go", 3) });
    const { reviewed } = reviewFindings({ head: [f], base: [], patches: patches(parsePatch("big.go", undefined)) });
    expect(reviewed[0]).toMatchObject({ cause: "new", introduced: true, anchor: null });
  });
});

describe("reviewFindings: fixed", () => {
  it("lists base findings of changed files whose fingerprint is gone at head", () => {
    const gone = finding({ location: loc("a.go", 30), fingerprint: "gone" });
    const kept = finding({ location: loc("a.go", 8), fingerprint: "kept" });
    const elsewhere = finding({ location: loc("other.go", 1), fingerprint: "elsewhere" });
    const { fixed } = reviewFindings({ head: [kept], base: [gone, kept, elsewhere], patches: patches(A) });
    expect(fixed.map((f) => f.fingerprint)).toEqual(["gone"]);
  });

  it("looks for a renamed file's base findings under its old path", () => {
    const renamed: FilePatch = { ...parsePatch("new.go", "@@ -1 +1 @@\n-a\n+b"), status: "renamed", oldPath: "old.go" };
    const gone = finding({ location: loc("old.go", 1), fingerprint: "old-fp" });
    expect(reviewFindings({ head: [], base: [gone], patches: patches(renamed) }).fixed).toEqual([gone]);
  });
});
