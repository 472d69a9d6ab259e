// Keeps rules, fixtures, docs and README in step: every rule in ruleMetas has
// all of them, and nothing exists for a rule that does not.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { createAnalyzer } from "../../src/analysis/analyze.js";
import type { Analyzer } from "../../src/analysis/analyze.js";
import { ruleMetas } from "../../src/analysis/rules/index.js";
import type { SourceFile } from "../../src/analysis/types.js";
import { FIXTURES_DIR, REPO_ROOT, fixtureRuleDirs, listFixturePackages, parseWants } from "../support/fixtures.js";
import { REQUIRED_HEADINGS, goExamples, level2Headings, readRuleDoc, ruleDocIds, ruleDocPath } from "../support/rule-docs.js";

const ids = ruleMetas.map((r) => r.id);
const README = join(REPO_ROOT, "README.md");

// A line that writes or deletes through an index expression: the shape every
// rule's safe look-alikes are made of. `==` is a comparison, not a write.
const INDEX_WRITE = /\]\s*(?:(?:<<|>>|&\^|[-+*/%&|^])?=(?!=)|\+\+|--)|\bdelete\(/;

let analyzer: Analyzer;
beforeAll(async () => {
  analyzer = await createAnalyzer();
});

function analyzeExamples(examples: SourceFile[]) {
  return examples.map((file) => ({ file, result: analyzer.analyzeFiles([file]) }));
}

describe("rule meta", () => {
  it("has rules, with unique ids", () => {
    expect(ids.length).toBeGreaterThan(0);
    expect(new Set(ids).size).toBe(ids.length);
  });

  describe.each(ids)("%s", (id) => {
    it("has a docs page with the required headings, in order", () => {
      expect(existsSync(ruleDocPath(id)), `docs/rules/${id}.md is missing`).toBe(true);
      expect(level2Headings(readRuleDoc(id))).toEqual([...REQUIRED_HEADINGS]);
    });

    it("has fixtures with at least one positive and one safe case", () => {
      expect(existsSync(join(FIXTURES_DIR, id)), `fixtures/go/${id}/ is missing`).toBe(true);
      const files = listFixturePackages(id).flatMap((p) => p.files);
      const wants = files.flatMap(parseWants);
      expect(wants.filter((w) => w.ruleId === id).length, `no // want "${id}" in fixtures/go/${id}/`).toBeGreaterThan(0);
      const announced = new Set(wants.filter((w) => w.ruleId === id).map((w) => `${w.path}:${w.line}`));
      const safe = files.flatMap((f) =>
        f.text.split("\n").flatMap((text, i) => (INDEX_WRITE.test(text) && !announced.has(`${f.path}:${i + 1}`) ? [text] : [])),
      );
      expect(safe.length, `fixtures/go/${id}/ has no safe look-alike (an index write or delete without a // want)`).toBeGreaterThan(0);
    });

    it("has a rule module", () => {
      expect(existsSync(join(REPO_ROOT, "src", "analysis", "rules", `${id}.ts`)), `src/analysis/rules/${id}.ts is missing`).toBe(true);
    });

    it("is listed in README.md's rule table", () => {
      expect(existsSync(README), "README.md is missing: it must hold the table of rules").toBe(true);
      const tableRows = readFileSync(README, "utf8")
        .split("\n")
        .filter((l) => l.trimStart().startsWith("|"));
      expect(tableRows.some((row) => row.includes(id)), `README.md has no table row mentioning ${id}`).toBe(true);
    });

    it("its Incorrect examples are reported and its Correct examples are not", () => {
      expect(existsSync(ruleDocPath(id)), `docs/rules/${id}.md is missing`).toBe(true);
      const incorrect = goExamples(id, "Incorrect");
      const correct = goExamples(id, "Correct");
      expect(incorrect.length, "Incorrect has no ```go block").toBeGreaterThan(0);
      expect(correct.length, "Correct has no ```go block").toBeGreaterThan(0);
      for (const example of [...incorrect, ...correct]) {
        expect(example.text, `${example.path} is not a complete file`).toMatch(/^package \w+/m);
      }

      const problems: string[] = [];
      for (const { file, result } of [...analyzeExamples(incorrect), ...analyzeExamples(correct)]) {
        if (result.notes.length > 0 || result.skipped.length > 0) {
          problems.push(`${file.path}: not analysed cleanly: ${JSON.stringify([...result.notes, ...result.skipped])}`);
        }
      }
      for (const { file, result } of analyzeExamples(incorrect)) {
        if (!result.findings.some((f) => f.ruleId === id)) problems.push(`${file.path}: no ${id} finding\n${file.text}`);
      }
      for (const { file, result } of analyzeExamples(correct)) {
        for (const f of result.findings.filter((x) => x.ruleId === id)) {
          problems.push(`${file.path}:${f.location.startLine}: unexpected ${id} finding: ${f.message}`);
        }
      }
      expect(problems, problems.join("\n\n")).toEqual([]);
    });
  });

  it("has no docs page for an unknown rule", () => {
    expect(ruleDocIds().filter((doc) => !ids.includes(doc))).toEqual([]);
  });

  it("has no fixture folder for an unknown rule", () => {
    expect(fixtureRuleDirs().filter((dir) => !ids.includes(dir))).toEqual([]);
  });

  it("keeps src/analysis/rules/ to one module per rule (shared code lives in rules/support/)", () => {
    const modules = readdirSync(join(REPO_ROOT, "src", "analysis", "rules"))
      .filter((name) => name.endsWith(".ts") && name !== "index.ts")
      .map((name) => name.slice(0, -".ts".length));
    expect(modules.filter((m) => !ids.includes(m))).toEqual([]);
  });
});
