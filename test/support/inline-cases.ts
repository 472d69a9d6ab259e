// Small Go sources beside the lines a rule must report in them (an empty
// list: it must stay silent), for cases too small to be fixture packages.
import { beforeAll, describe, expect, it } from "vitest";
import { type Analyzer, createAnalyzer } from "../../src/analysis/analyze.js";
import type { Rule } from "../../src/analysis/rules/support/rule.js";
import type { SourceFile } from "../../src/analysis/types.js";

export type InlineCase = [name: string, source: string | SourceFile[], lines: number[]];

export function describeInlineCases(rule: Rule, cases: readonly InlineCase[]): void {
  let analyzer: Analyzer;
  beforeAll(async () => {
    analyzer = await createAnalyzer([rule]);
  });

  describe(`${rule.id}: inline cases`, () => {
    it.each(cases)("%s", (_name, source, lines) => {
      const files = typeof source === "string" ? [{ path: "p/a.go", text: source }] : source;
      const result = analyzer.analyzeFiles(files);
      expect(result.notes.filter((n) => n.message.includes("[mapguard]")), "the rule failed").toEqual([]);
      expect(result.findings.filter((f) => f.ruleId === rule.id).map((f) => f.location.startLine)).toEqual(lines);
    });
  });
}
