import { describe, expect, it } from "vitest";
import { chunk, truncateBytes } from "../../src/github/publish/check-run.js";
import { MAX_CHECK_SUMMARY_BYTES } from "../../src/github/publish/limits.js";
import { anchorIsValid } from "../../src/github/publish/review.js";
import { codeSpan } from "../../src/github/publish/review-body.js";
import { parsePatch } from "../../src/review/diff.js";
import type { ReviewComment } from "../../src/review/render.js";

describe("publishing within GitHub's limits", () => {
  it("splits annotations into batches of at most 50", () => {
    const batches = chunk(Array.from({ length: 120 }, (_, i) => i), 50);
    expect(batches.map((b) => b.length)).toEqual([50, 50, 20]);
    expect(batches.flat()).toEqual(Array.from({ length: 120 }, (_, i) => i));
  });

  it("cuts a summary to 65,535 bytes without splitting a character", () => {
    const long = "é".repeat(40_000); // 80,000 bytes
    const cut = truncateBytes(long, MAX_CHECK_SUMMARY_BYTES);
    expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(MAX_CHECK_SUMMARY_BYTES);
    expect(cut).not.toContain("\uFFFD");
    expect(cut).toContain("truncated");
    expect(truncateBytes("short", MAX_CHECK_SUMMARY_BYTES)).toBe("short");
  });

  it("accepts anchors on diff lines only, and ranges only within one hunk", () => {
    const patch = "@@ -1,3 +1,4 @@\n a\n+b\n c\n d\n@@ -20,2 +21,3 @@\n x\n+y\n z";
    const patches = new Map([["f.go", parsePatch("f.go", patch)]]);
    const c = (line: number, start?: number): ReviewComment => ({ path: "f.go", line, side: "RIGHT", body: "", fingerprint: "x", ...(start ? { start_line: start, start_side: "RIGHT" } : {}) });
    expect(anchorIsValid(c(2), patches)).toBe(true);
    expect(anchorIsValid(c(4), patches)).toBe(true); // context line
    expect(anchorIsValid(c(10), patches)).toBe(false);
    expect(anchorIsValid(c(3, 1), patches)).toBe(true);
    expect(anchorIsValid(c(22, 3), patches)).toBe(false); // spans two hunks
    expect(anchorIsValid({ ...c(2), path: "other.go" }, patches)).toBe(false);
  });

  it("quotes paths holding backticks safely in Markdown", () => {
    expect(codeSpan("a.go:3")).toBe("`a.go:3`");
    expect(codeSpan("we`ird.go")).toBe("``we`ird.go``");
  });
});
