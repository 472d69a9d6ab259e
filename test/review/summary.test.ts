import { describe, expect, it } from "vitest";
import type { Finding } from "../../src/analysis/types.js";
import type { ReviewedFinding } from "../../src/review/filter.js";
import type { SummaryInput } from "../../src/review/summary.js";
import { buildCheckOutput, errorCheckOutput, failsAt, MAX_SUMMARY_BYTES, utf8Bytes } from "../../src/review/summary.js";
import { finding, loc } from "./helpers.js";

const DOCS = "https://docs.example/rules";

function marked(f: Finding, introduced: boolean): ReviewedFinding {
  return { finding: f, cause: introduced ? "changed-line" : "none", introduced, anchor: introduced ? { path: f.location.path, line: f.location.startLine } : null };
}

const err1 = finding({ location: loc("a.go", 6), fingerprint: "e1" });
const err2 = finding({ location: loc("b/c.go", 9, 11), fingerprint: "e2", message: "Race on `m` | twice" });
const warn = finding({
  ruleId: "nil-inner-map-write",
  severity: "warning",
  location: loc("a.go", 12),
  fingerprint: "w1",
  message: "Inner map of `m` may be nil.",
  related: [{ location: loc("a.go", 3), message: "declared here" }],
  fix: { description: "Create the inner map first.", edits: [] },
});
const old = finding({ ruleId: "map-missing-size-hint", severity: "notice", location: loc("a.go", 40), fingerprint: "n1" });

function input(overrides: Partial<SummaryInput> = {}): SummaryInput {
  return {
    reviewed: [marked(err1, true), marked(err2, true), marked(warn, true), marked(old, false)],
    fixed: [finding({ location: loc("a.go", 50), fingerprint: "gone" })],
    suppressed: [],
    skipped: [{ path: "vendor/x.go", reason: "vendored code (vendor/)" }],
    notes: [{ path: "a.go", message: "syntax error near line 70" }],
    analyzedFiles: 4,
    changedFiles: 2,
    changedLines: 17,
    failOn: "error",
    commented: new Set(["e1", "w1"]),
    docsBaseUrl: DOCS,
    ...overrides,
  };
}

describe("buildCheckOutput", () => {
  it("writes title, counts, the table, uncommented findings, skipped files and notes", () => {
    const out = buildCheckOutput(input());
    expect(out.conclusion).toBe("failure");
    expect(out.title).toBe("2 errors, 1 warning introduced by this change");
    expect(out.summary).toBe(
      [
        "## mapguard",
        "",
        "| | Findings |",
        "|---|---:|",
        "| New (introduced by this change) | 3 |",
        "| Still open (pre-existing, untouched by this change) | 1 |",
        "| Fixed by this change | 1 |",
        "| Suppressed (`//mapguard:ignore`) | 0 |",
        "",
        "Analysed 4 Go files (2 changed files, 17 changed lines).",
        "",
        "### Introduced by this change",
        "",
        "| Severity | Rule | Location | Message |",
        "|---|---|---|---|",
        "| error | [nil-map-write](https://docs.example/rules/nil-map-write.md) | a.go:6 | Write to nil map `m` panics: assignment to entry in nil map. |",
        "| error | [nil-map-write](https://docs.example/rules/nil-map-write.md) | b/c.go:9 | Race on `m` \\| twice |",
        "| warning | [nil-inner-map-write](https://docs.example/rules/nil-inner-map-write.md) | a.go:12 | Inner map of `m` may be nil. |",
        "",
        "### Without an inline comment",
        "",
        "These have no line in the diff to sit on, or went over the comment limit; each has an annotation.",
        "",
        "- b/c.go:9: Race on `m` \\| twice",
        "",
        "### Skipped files",
        "",
        "- vendor/x.go: vendored code (vendor/)",
        "",
        "### Notes",
        "",
        "- a.go: syntax error near line 70",
      ].join("\n"),
    );
  });

  it("makes one annotation per introduced finding, on its own line", () => {
    const { annotations } = buildCheckOutput(input());
    expect(annotations).toEqual([
      { path: "a.go", start_line: 6, end_line: 6, start_column: 2, end_column: 11, annotation_level: "failure", title: "mapguard: nil-map-write", message: err1.message },
      { path: "b/c.go", start_line: 9, end_line: 11, annotation_level: "failure", title: "mapguard: nil-map-write", message: err2.message },
      {
        path: "a.go",
        start_line: 12,
        end_line: 12,
        start_column: 2,
        end_column: 11,
        annotation_level: "warning",
        title: "mapguard: nil-inner-map-write",
        message: warn.message,
        raw_details: "a.go:3: declared here\nSuggested fix: Create the inner map first.",
      },
    ]);
  });

  it("succeeds when nothing was introduced, and says so", () => {
    const out = buildCheckOutput(input({ reviewed: [marked(old, false)] }));
    expect(out).toMatchObject({ conclusion: "success", title: "No map hazards introduced by this change", annotations: [] });
    expect(out.summary).toContain("| New (introduced by this change) | 0 |");
    expect(out.summary).toContain("| Still open (pre-existing, untouched by this change) | 1 |");
    expect(out.summary).not.toContain("### Introduced by this change");
  });

  it("fails only at or above fail_on", () => {
    const onlyWarning = [marked(warn, true)];
    expect(buildCheckOutput(input({ reviewed: onlyWarning, failOn: "error" })).conclusion).toBe("success");
    expect(buildCheckOutput(input({ reviewed: onlyWarning, failOn: "warning" })).conclusion).toBe("failure");
    expect(buildCheckOutput(input({ reviewed: onlyWarning, failOn: "notice" })).conclusion).toBe("failure");
    expect(buildCheckOutput(input({ failOn: "never" })).conclusion).toBe("success");
    expect(buildCheckOutput(input({ reviewed: [marked(old, false)], failOn: "notice" })).conclusion).toBe("success");
    expect([failsAt("notice", "warning"), failsAt("error", "notice"), failsAt("error", "never")]).toEqual([false, true, false]);
  });

  it("never reads as clean when a package could not be analysed: on_error's conclusion, the count in the title, the package and why", () => {
    const unanalyzed = [{ dir: "pkg/slow", packageName: "slow", paths: ["pkg/slow/a.go", "pkg/slow/b.go"], reason: "the analysis took longer than its budget of 10 s (stopped in lowering)" }];
    const clean = input({ reviewed: [marked(old, false)], unanalyzed });
    expect(buildCheckOutput({ ...clean, onError: "failure" }).conclusion).toBe("failure");
    const out = buildCheckOutput(clean);
    expect(out.conclusion).toBe("neutral");
    expect(out.title).toBe("No map hazards introduced by this change; 1 package could not be analysed");
    expect(out.summary).toContain(
      "### Not analysed\n\nmapguard could not finish these packages, so they may hold hazards it did not report. Push again or press **Rescan** to retry.\n\n- pkg/slow (package slow), 2 files: the analysis took longer than its budget of 10 s (stopped in lowering)",
    );
    // A failing finding still fails the check.
    expect(buildCheckOutput(input({ unanalyzed, onError: "success" })).conclusion).toBe("failure");
    expect(buildCheckOutput(input({ reviewed: [marked(old, false)] })).conclusion).toBe("success");
  });

  it("lists no uncommented section when comments are not tracked", () => {
    expect(buildCheckOutput(input({ commented: undefined })).summary).not.toContain("Without an inline comment");
  });

  it("stays within 65,535 bytes of UTF-8 and says it was cut", () => {
    const many = Array.from({ length: 3000 }, (_, i) =>
      marked(finding({ location: loc(`päckage/ファイル${i}.go`, i + 1), fingerprint: `f${i}`, message: "Write to nil map `m` — ".repeat(8) }), true),
    );
    const out = buildCheckOutput(input({ reviewed: many, commented: new Set() }));
    expect(utf8Bytes(out.summary)).toBeLessThanOrEqual(MAX_SUMMARY_BYTES);
    expect(out.summary).toMatch(/cut short to fit GitHub's 65,535-byte limit/);
    expect(out.summary).toContain("| New (introduced by this change) | 3000 |");
    expect(out.annotations).toHaveLength(3000);
    expect(out.title).toBe("3000 errors introduced by this change");
  });
});

describe("errorCheckOutput", () => {
  it("names the reason in title and summary and carries the given conclusion", () => {
    const out = errorCheckOutput("GitHub answered 502 while reading pkg/a_b.go", "neutral");
    expect(out.conclusion).toBe("neutral");
    expect(out.title).toBe("mapguard could not finish: GitHub answered 502 while reading pkg/a_b.go");
    expect(out.summary).toContain("Reason: GitHub answered 502 while reading pkg/a\\_b.go");
    expect(out.annotations).toEqual([]);
  });

  it("keeps the title within 255 characters", () => {
    expect([...errorCheckOutput("x".repeat(1000), "neutral").title]).toHaveLength(255);
  });
});
