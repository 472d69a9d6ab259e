// The real-bug corpus (fixtures/realbugs): every reproduction cites its
// report and marks its bug, and mapguard's score on it only goes up. The
// bugs mapguard finds are listed in fixtures/realbugs/found.txt: losing one
// fails, and so does finding one that the list does not name yet (update the
// list, so the gain is recorded). Any error or warning on a fixed twin fails.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { Analyzer } from "../../src/analysis/analyze.js";
import { falseAlarms, hits, listRealBugs, REALBUGS_DIR } from "../support/realbugs.js";
import { getAnalyzer } from "./helpers.js";

const bugs = listRealBugs();
const FOUND_LIST = join(REALBUGS_DIR, "found.txt");
const listed = new Set(
  readFileSync(FOUND_LIST, "utf8")
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "" && !l.startsWith("#")),
);

let analyzer: Analyzer;
beforeAll(async () => {
  analyzer = await getAnalyzer();
});

describe("real-bug corpus", () => {
  it("has reproductions of both families", () => {
    expect(bugs.filter((b) => b.family === "races").length).toBeGreaterThan(0);
    expect(bugs.filter((b) => b.family === "nil").length).toBeGreaterThan(0);
  });

  it.each(bugs.map((b) => [`${b.family}/${b.slug}`, b] as const))("%s cites its report and marks its bug", (_, bug) => {
    expect(bug.report, "a `// Report: <url>` header line").toMatch(/^https:\/\/github\.com\/[^/]+\/[^/]+\/(issues|pull)\/\d+/);
    expect(bug.marked.size, "at least one line ending in `// bug`").toBeGreaterThan(0);
    const header = bug.family === "races" ? "// mapguard:run races" : '// mapguard:run panics "assignment to entry in nil map"';
    expect(bug.bug.some((f) => f.text.startsWith(header)), header).toBe(true);
    expect(bug.fixed.some((f) => f.text.startsWith("// mapguard:run ok")), "fixed twin header").toBe(true);
  });

  it("lists only reproductions that exist", () => {
    const slugs = new Set(bugs.map((b) => `${b.family}/${b.slug}`));
    expect([...listed].filter((s) => !slugs.has(s))).toEqual([]);
  });

  it.each(bugs.map((b) => [`${b.family}/${b.slug}`, b] as const))("%s: found as found.txt says, silent on the twin", (name, bug) => {
    const found = hits(bug, analyzer.analyzeFiles(bug.bug).findings).length > 0;
    expect(found, listed.has(name) ? "found.txt lists this bug as found" : "found now: add it to fixtures/realbugs/found.txt").toBe(listed.has(name));
    const alarms = falseAlarms(analyzer.analyzeFiles(bug.fixed).findings);
    expect(alarms.map((f) => `${f.location.path}:${f.location.startLine} ${f.ruleId}: ${f.message}`)).toEqual([]);
  });
});
