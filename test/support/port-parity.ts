// The check a rule's port onto the semantic layer must pass before it takes
// its twin's place: on every fixture package (every rule's: a fixture also
// says where a rule must stay silent) and every real-bug reproduction, the
// port says exactly what the per-function-model rule says — same lines,
// messages, related locations, fixes and fingerprints.
import { beforeAll, describe, expect, it } from "vitest";
import { type Analyzer, createAnalyzer } from "../../src/analysis/analyze.js";
import { rules } from "../../src/analysis/rules/index.js";
import type { SemanticRule } from "../../src/analysis/rules/support/rule.js";
import type { Finding, SourceFile } from "../../src/analysis/types.js";
import { listFixturePackages } from "./fixtures.js";
import { listRealBugs } from "./realbugs.js";

function comparable(findings: readonly Finding[]): string[] {
  return findings.map((f) => JSON.stringify(f)).sort();
}

export function describePortParity(port: SemanticRule): void {
  const twin = rules.find((r) => r.id === port.id);
  const sets: [string, SourceFile[]][] = [
    ...listFixturePackages().map((p) => [p.dir, p.files] as [string, SourceFile[]]),
    ...listRealBugs().flatMap((b) => [
      [`${b.dir}/bug`, b.bug] as [string, SourceFile[]],
      [`${b.dir}/fixed`, b.fixed] as [string, SourceFile[]],
    ]),
  ];
  let ported: Analyzer;
  let registered: Analyzer;
  beforeAll(async () => {
    ported = await createAnalyzer([port]);
    registered = await createAnalyzer(twin ? [twin] : []);
  });

  describe(`${port.id} on the semantic layer`, () => {
    it("ports a registered rule, keeping its id, severity and messages", () => {
      expect(twin, `no registered rule ${port.id}`).toBeDefined();
      expect(port.layer).toBe("semantic");
      expect(port.meta).toEqual(twin?.meta);
      expect(port.messages).toEqual(twin?.messages);
    });

    it.each(sets)("%s: says what the registered rule says", (_name, files) => {
      const mine = ported.analyzeFiles(files);
      expect(mine.notes.filter((n) => n.message.includes("[mapguard] rule")), "the port failed").toEqual([]);
      expect(comparable(mine.findings)).toEqual(comparable(registered.analyzeFiles(files).findings));
    });
  });
}

/**
 * The same check on small inline packages: cases the fixtures and real bugs
 * do not hold, where the port once said something else. Each case is a
 * name and a file's text (as `p/a.go`) or a package's files.
 */
export function describeInlineParity(port: SemanticRule, cases: readonly [string, string | SourceFile[]][]): void {
  const twin = rules.find((r) => r.id === port.id);
  let ported: Analyzer;
  let registered: Analyzer;
  beforeAll(async () => {
    ported = await createAnalyzer([port]);
    registered = await createAnalyzer(twin ? [twin] : []);
  });

  describe(`${port.id} on the semantic layer, inline cases`, () => {
    it.each(cases)("%s: says what the registered rule says", (_name, source) => {
      const files = typeof source === "string" ? [{ path: "p/a.go", text: source }] : source;
      const mine = ported.analyzeFiles(files);
      expect(mine.notes.filter((n) => n.message.includes("[mapguard] rule")), "the port failed").toEqual([]);
      const theirs = registered.analyzeFiles(files).findings;
      expect(comparable(mine.findings)).toEqual(comparable(theirs));
    });
  });
}
