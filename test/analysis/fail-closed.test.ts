// A package the analysis could not finish is listed as not analysed, never
// read as clean, and costs no other package (or file) its findings.
import { describe, expect, it, vi } from "vitest";
import { createAnalyzer } from "../../src/analysis/analyze.js";
import { defaultPackageBudgetMs } from "../../src/analysis/budget.js";
import { nilMapWrite } from "../../src/analysis/rules/nil-map-write.js";
import type { Rule } from "../../src/analysis/rules/support/rule.js";

vi.mock("../../src/analysis/lower/lower-function.js", async (importOriginal) => {
  const original = await importOriginal<typeof import("../../src/analysis/lower/lower-function.js")>();
  return {
    ...original,
    lowerDeclaration: (...args: Parameters<typeof original.lowerDeclaration>) => {
      // Stands for a bug of lowering on one file's input.
      if (args[1].src.path.endsWith("broken.go")) throw new TypeError("lowering bug");
      return original.lowerDeclaration(...args);
    },
  };
});

const NIL_WRITE = (pkg: string, fn = "f") => `package ${pkg}\n\nfunc ${fn}() {\n\tvar m map[string]int\n\tm["a"] = 1\n}\n`;

/** A rule that never finishes on package `slow`: it checks the budget until the budget says stop. */
const spinning: Rule = {
  id: "spin",
  meta: { id: "spin", severity: "error", summary: "spins" },
  messages: {},
  check(pkg) {
    if (pkg.name === "slow") for (;;) pkg.budget.check("spinning");
    return [];
  },
};

const throwing: Rule = {
  id: "throws",
  meta: { id: "throws", severity: "error", summary: "throws" },
  messages: {},
  check() {
    throw new RangeError("rule bug");
  },
};

describe("fail closed", () => {
  it("stops a package at its budget, lists it as not analysed, and keeps the other packages' findings", async () => {
    const analyzer = await createAnalyzer([nilMapWrite, spinning]);
    // Warmed up, so the budget runs out in the spinning rule and not while a cold process lowers its first file.
    analyzer.analyzeFiles([{ path: "fast/a.go", text: NIL_WRITE("fast") }]);
    const result = analyzer.analyzeFiles(
      [
        { path: "slow/a.go", text: NIL_WRITE("slow") },
        { path: "fast/a.go", text: NIL_WRITE("fast") },
      ],
      { packageBudgetMs: 1000 },
    );
    expect(result.unanalyzed).toHaveLength(1);
    expect(result.unanalyzed[0]).toMatchObject({ dir: "slow", packageName: "slow", paths: ["slow/a.go"] });
    expect(result.unanalyzed[0].reason).toBe("the analysis took longer than its budget of 1 s (stopped in spinning)");
    expect(result.analyzed).toEqual(["fast/a.go"]);
    expect(result.findings.map((f) => f.location.path)).toEqual(["fast/a.go"]);
  });

  it("gives a package 10 s by default, and 2 s more for every 100 KB of its source", async () => {
    expect(defaultPackageBudgetMs(0)).toBe(10_000);
    expect(defaultPackageBudgetMs(100_000)).toBe(12_000);
    expect(defaultPackageBudgetMs(100_001)).toBe(14_000);
    const analyzer = await createAnalyzer([spinning]);
    analyzer.analyzeFiles([{ path: "fast/a.go", text: NIL_WRITE("fast") }]);
    // A clock that runs a millisecond per reading, so the spinning rule meets its budget at once.
    let now = 0;
    const clock = vi.spyOn(performance, "now").mockImplementation(() => (now += 1));
    try {
      const big = `${NIL_WRITE("slow")}${`// ${"x".repeat(97)}\n`.repeat(2_500)}`;
      const result = analyzer.analyzeFiles([{ path: "slow/a.go", text: big }]);
      expect(big.length).toBeGreaterThan(250_000);
      expect(result.unanalyzed.map((u) => u.reason)).toEqual(["the analysis took longer than its budget of 16 s (stopped in spinning)"]);
    } finally {
      clock.mockRestore();
    }
  });

  it("sets aside a file that lowering fails on and analyses the rest of its package", async () => {
    const analyzer = await createAnalyzer([nilMapWrite]);
    const result = analyzer.analyzeFiles([
      { path: "p/broken.go", text: NIL_WRITE("p", "g") },
      { path: "p/fine.go", text: NIL_WRITE("p") },
    ]);
    expect(result.unanalyzed).toEqual([{ dir: "p", packageName: "p", paths: ["p/broken.go"], reason: "internal error: lowering bug" }]);
    expect(result.analyzed).toEqual(["p/fine.go"]);
    expect(result.findings.map((f) => f.location.path)).toEqual(["p/fine.go"]);
  });

  it("keeps the findings of the rules that ran when one rule fails, and does not count the package as analysed", async () => {
    const analyzer = await createAnalyzer([throwing, nilMapWrite]);
    const result = analyzer.analyzeFiles([{ path: "p/a.go", text: NIL_WRITE("p") }]);
    expect(result.findings.map((f) => f.ruleId)).toEqual(["nil-map-write"]);
    expect(result.unanalyzed).toEqual([{ dir: "p", packageName: "p", paths: ["p/a.go"], reason: "rule throws failed: rule bug" }]);
    expect(result.analyzed).toEqual([]);
  });

  it("quotes at most 300 characters of an error's message in the reason", async () => {
    const verbose: Rule = { ...throwing, id: "verbose", check: () => { throw new SyntaxError(`Invalid regular expression: /${"y".repeat(60_000)}/`); } };
    const analyzer = await createAnalyzer([verbose]);
    const [u] = analyzer.analyzeFiles([{ path: "p/a.go", text: NIL_WRITE("p") }]).unanalyzed;
    expect(u.reason).toMatch(/^rule verbose failed: Invalid regular expression: \/y+… \(60,030 characters\)$/);
    expect(u.reason.length).toBeLessThan(400);
  });
});
