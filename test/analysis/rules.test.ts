// Every fixture directory under fixtures/go/<rule-id>/ fully specifies what
// the analysis must say about it: each `// want` line is reported, every
// other line stays silent. See fixtures/go/README.md.
import { beforeAll, describe, expect, it } from "vitest";
import { createAnalyzer } from "../../src/analysis/analyze.js";
import type { Analyzer } from "../../src/analysis/analyze.js";
import { compareWithWants, describeComparison, listFixturePackages, parseWants } from "../support/fixtures.js";

const packages = listFixturePackages();

let analyzer: Analyzer;
beforeAll(async () => {
  analyzer = await createAnalyzer();
});

describe("rule fixtures", () => {
  it("exist", () => {
    expect(packages.length).toBeGreaterThan(0);
  });

  it.each(packages.map((p) => [p.dir, p] as const))("%s: findings match the // want annotations", (_dir, pkg) => {
    const result = analyzer.analyzeFiles(pkg.files);
    // A fixture the analysis could not read would pass vacuously.
    expect(result.skipped, "fixture files skipped by the analysis").toEqual([]);
    expect(result.notes, "notes (parse errors?) on fixture files").toEqual([]);
    expect([...result.analyzed].sort()).toEqual(pkg.files.map((f) => f.path).sort());

    const comparison = compareWithWants(pkg.files.flatMap(parseWants), result.findings);
    if (comparison.missing.length > 0 || comparison.unexpected.length > 0) {
      expect.fail(describeComparison(pkg, comparison));
    }
    expect(comparison).toEqual({ missing: [], unexpected: [] });
  });
});
