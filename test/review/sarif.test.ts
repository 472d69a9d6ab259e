import { describe, expect, it, vi } from "vitest";
import type { RuleMeta } from "../../src/analysis/types.js";
import { FINGERPRINT_KEY, toSarif } from "../../src/review/sarif.js";
import { finding, loc } from "./helpers.js";

import { codeScanningProblems, compileSarifSchema } from "../support/sarif-schema.js";

const validate = compileSarifSchema();

const rules: RuleMeta[] = [
  { id: "nil-map-write", severity: "error", summary: "Write to a map that is nil on every path to the write." },
  { id: "map-missing-size-hint", severity: "notice", summary: "make(map) without a size before a loop that fills it." },
];

const write = finding({
  location: loc("pkg/store file.go", 6, 6, 2, 10),
  fingerprint: "abc",
  related: [{ location: loc("pkg/store file.go", 4, 4, 6, 7), message: "`m` is declared here without `make`." }],
  fix: { description: "Declare `m` with `make`.", edits: [{ path: "pkg/store file.go", startLine: 4, endLine: 4, replacement: "\tm := make(map[string]int)" }] },
});
const hint = finding({ ruleId: "map-missing-size-hint", severity: "notice", location: loc("main.go", 3), fingerprint: "def" });
const unknown = finding({ ruleId: "future-rule", severity: "warning", location: loc("main.go", 9), fingerprint: "ghi" });

const log = toSarif([write, hint, unknown], rules, { toolVersion: "1.2.3", docsBaseUrl: "https://docs.example/rules", srcRoot: "file:///work/repo/" });

interface SarifRun {
  tool: { driver: { name: string; version: string; informationUri: string; rules: { id: string; shortDescription: { text: string }; helpUri: string; defaultConfiguration: { level: string } }[] } };
  results: Record<string, unknown>[];
  originalUriBaseIds: unknown;
}
const run = (log.runs as SarifRun[])[0];

describe("the SARIF schema in tests", () => {
  it("compiles without warnings: its uri and date-time formats are checked, not ignored", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    try {
      const check = compileSarifSchema();
      expect(warn).not.toHaveBeenCalled();
      expect(check({ version: "2.1.0", runs: [{ tool: { driver: { name: "x" } }, invocations: [{ executionSuccessful: true, startTimeUtc: "yesterday" }] }] })).toBe(false);
    } finally {
      warn.mockRestore();
    }
  });
});

describe("toSarif", () => {
  it("makes every path relative to %SRCROOT%, the repository root, as code scanning requires", () => {
    expect(codeScanningProblems(log)).toEqual([]);
    expect(run.originalUriBaseIds).toEqual({ "%SRCROOT%": { uri: "file:///work/repo/", description: { text: "The root of the repository the paths are relative to." } } });
    const location = (run.results[0].locations as { physicalLocation: { artifactLocation: unknown } }[])[0].physicalLocation.artifactLocation;
    expect(location).toEqual({ uri: "pkg/store%20file.go", uriBaseId: "%SRCROOT%" });
  });

  it("validates against the official SARIF 2.1.0 schema", () => {
    const ok = validate(log);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it("the schema really rejects a malformed log (so the check above means something)", () => {
    expect(validate({ version: "2.1.0", runs: [{ tool: { driver: {} } }] })).toBe(false);
    const wrongLevel = structuredClone(log) as { runs: { results: { level: string }[] }[] };
    wrongLevel.runs[0].results[0].level = "notice";
    expect(validate(wrongLevel)).toBe(false);
  });

  it("describes the tool and every rule, including one the registry does not list", () => {
    expect(log.version).toBe("2.1.0");
    expect(log.$schema).toMatch(/sarif-2\.1\.0/);
    expect(run.tool.driver).toMatchObject({ name: "mapguard", version: "1.2.3" });
    expect(run.tool.driver.informationUri).toMatch(/^https:\/\//);
    expect(run.tool.driver.rules.map((r) => [r.id, r.defaultConfiguration.level, r.helpUri])).toEqual([
      ["nil-map-write", "error", "https://docs.example/rules/nil-map-write.md"],
      ["map-missing-size-hint", "note", "https://docs.example/rules/map-missing-size-hint.md"],
      ["future-rule", "warning", "https://docs.example/rules/future-rule.md"],
    ]);
    expect(run.tool.driver.rules[0].shortDescription.text).toBe(rules[0].summary);
  });

  it("writes each result with rule, level, location, related locations, fix and fingerprint", () => {
    expect(run.results[0]).toEqual({
      ruleId: "nil-map-write",
      ruleIndex: 0,
      level: "error",
      message: { text: write.message },
      locations: [{ physicalLocation: { artifactLocation: { uri: "pkg/store%20file.go", uriBaseId: "%SRCROOT%" }, region: { startLine: 6, startColumn: 2, endLine: 6, endColumn: 10 } } }],
      relatedLocations: [
        {
          id: 1,
          message: { text: "`m` is declared here without `make`." },
          physicalLocation: { artifactLocation: { uri: "pkg/store%20file.go", uriBaseId: "%SRCROOT%" }, region: { startLine: 4, startColumn: 6, endLine: 4, endColumn: 7 } },
        },
      ],
      fixes: [
        {
          description: { text: "Declare `m` with `make`." },
          artifactChanges: [
            {
              artifactLocation: { uri: "pkg/store%20file.go", uriBaseId: "%SRCROOT%" },
              replacements: [{ deletedRegion: { startLine: 4, endLine: 4 }, insertedContent: { text: "\tm := make(map[string]int)" } }],
            },
          ],
        },
      ],
      partialFingerprints: { [FINGERPRINT_KEY]: "abc" },
    });
    expect(run.results.map((r) => [r.ruleIndex, r.level])).toEqual([
      [0, "error"],
      [1, "note"],
      [2, "warning"],
    ]);
  });

  it("produces a valid log with no results", () => {
    const empty = toSarif([], rules, { toolVersion: "1.2.3", docsBaseUrl: "https://docs.example/rules" });
    expect(validate(empty)).toBe(true);
    expect((empty.runs as SarifRun[])[0].results).toEqual([]);
  });
});
