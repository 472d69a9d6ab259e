// Inputs the fuzz harness (npm run fuzz) found breaking the analysis, kept as
// regressions: each is analysed, nothing internal fails, and the real
// nil-map write of the file beside it is still reported.
import { describe, expect, it } from "vitest";
import { filesFor, INPUT_PATH, judge } from "../../scripts/fuzz/oracle.js";
import { loadGo } from "../../src/analysis/go/load-go.js";
import { FreshTops, topKids } from "../../src/analysis/lower/syntax.js";
import { analyze } from "./helpers.js";

const SEED = "package p\n\nfunc f() {}\n";

describe("hostile input", () => {
  it("analyses a file that opens 30,000 parentheses before its package clause (the error regions nest that deep)", async () => {
    const result = await analyze(filesFor(`${"(".repeat(30_000)}${")".repeat(30_000)}${SEED}`));
    expect(result.unanalyzed).toEqual([]);
    expect(judge(result)).toEqual({ ok: true });
  });

  it("analyses a file broken into 15,000 top-level pieces", async () => {
    const result = await analyze(filesFor(`${"map[int]".repeat(15_000)}${"int".repeat(15_000)}${SEED}`));
    expect(result.unanalyzed).toEqual([]);
    expect(judge(result)).toEqual({ ok: true });
  });

  it("sets aside a file with a 100,000-character identifier, saying why, and analyses the rest of its package", async () => {
    const id = `x${"y".repeat(100_000)}`;
    const text = `package p\n\nfunc F() {\n\tvar ${id} map[int]int\n${`\t${id}[1] = ${id}[2] + ${id}[3]\n`.repeat(3)}}\n`;
    const result = await analyze(filesFor(text), { maxFileBytes: 10_000_000 });
    expect(result.skipped).toEqual([{ path: INPUT_PATH, reason: "an identifier of 100,001 characters on line 4, over the 1,024-character cap" }]);
    expect(result.unanalyzed).toEqual([]);
    expect(judge(result)).toEqual({ ok: true });
  });

  it("analyses words over the identifier cap in strings and comments", async () => {
    const blob = "a".repeat(5_000);
    const text = `package p\n\n// ${blob}\nvar s = "${blob}"\n\nfunc g() {\n\tvar m map[string]int\n\tm[s] = 1\n}\n`;
    const result = await analyze([{ path: "p/a.go", text }]);
    expect(result.skipped).toEqual([]);
    expect(result.findings.map((f) => f.ruleId)).toContain("nil-map-write");
  });

  it("finds a fresh node for every top-level declaration, in order", async () => {
    const { parser } = await loadGo();
    const text = `package p\n${Array.from({ length: 300 }, (_, i) => (i % 3 === 0 ? `// c${i}\n` : "") + `func f${i}() {}\nvar v${i} = ${i}\n`).join("")}`;
    const tree = parser.parse(text)!;
    try {
      const tops = topKids(tree.rootNode);
      const fresh = new FreshTops(tree.rootNode);
      const found = tops.map((top) => fresh.of(top));
      fresh.delete();
      expect(tops).toHaveLength(601);
      expect(found.map((n) => n.id)).toEqual(tops.map((t) => t.node.id));
      expect(found.every((n, i) => n !== tops[i].node)).toBe(true);
    } finally {
      tree.delete();
    }
  });
});
