// The registry of rules ported onto the semantic layer: ports of registered
// rules, one each, meeting every `// want` of their fixtures and losing no
// real bug. Each port's full parity with its twin (messages, fixes,
// fingerprints) is checked by test/analysis/rules-ported/<id>.test.ts.
import { beforeAll, describe, expect, it } from "vitest";
import { type Analyzer, createAnalyzer } from "../../src/analysis/analyze.js";
import { rules } from "../../src/analysis/rules/index.js";
import { portedRules } from "../../src/analysis/rules/ported/index.js";
import { compareWithWants, describeComparison, listFixturePackages, parseWants } from "../support/fixtures.js";
import { hits, listRealBugs } from "../support/realbugs.js";

if (portedRules.length === 0) {
  console.warn("[mapguard] no rule is registered as ported onto the semantic layer yet: the registry checks below have nothing to check");
}

const portedIds = new Set(portedRules.map((r) => r.id));
const packages = listFixturePackages().filter((p) => portedIds.has(p.ruleId));

let ported: Analyzer;
let registry: Analyzer;
beforeAll(async () => {
  ported = await createAnalyzer(portedRules);
  registry = await createAnalyzer(rules.filter((r) => portedIds.has(r.id)));
});

describe("rules ported onto the semantic layer", () => {
  it("are ports of registered rules, one each", () => {
    const registered = new Set(rules.map((r) => r.id));
    expect(portedRules.map((r) => r.id).filter((id) => !registered.has(id))).toEqual([]);
    expect(new Set(portedRules.map((r) => r.id)).size).toBe(portedRules.length);
    for (const rule of portedRules) expect(rule.layer).toBe("semantic");
  });

  it.skipIf(portedRules.length === 0).each(packages.map((p) => [p.dir, p] as const))("%s: the port matches the // want annotations", (_dir, pkg) => {
    const result = ported.analyzeFiles(pkg.files);
    expect(result.notes, "notes (parse errors, rule failures) on fixture files").toEqual([]);
    const wants = pkg.files.flatMap(parseWants).filter((w) => portedIds.has(w.ruleId));
    const comparison = compareWithWants(wants, result.findings);
    if (comparison.missing.length > 0 || comparison.unexpected.length > 0) expect.fail(describeComparison(pkg, comparison));
  });

  it.skipIf(portedRules.length === 0)("find every real bug their registered twins find, and stay silent on the fixed twins", () => {
    const lost: string[] = [];
    const alarms: string[] = [];
    for (const bug of listRealBugs()) {
      const before = hits(bug, registry.analyzeFiles(bug.bug).findings).length > 0;
      const after = hits(bug, ported.analyzeFiles(bug.bug).findings).length > 0;
      if (before && !after) lost.push(`${bug.family}/${bug.slug}`);
      for (const f of ported.analyzeFiles(bug.fixed).findings) {
        if (f.severity !== "notice") alarms.push(`${f.location.path}:${f.location.startLine} ${f.ruleId}`);
      }
    }
    expect(lost).toEqual([]);
    expect(alarms).toEqual([]);
  });
});
