// Inputs the fuzz harness (npm run fuzz) found breaking the analysis, kept as
// regressions: each is analysed, nothing internal fails, and the real
// nil-map write of the file beside it is still reported.
import { describe, expect, it } from "vitest";
import { filesFor, judge } from "../../scripts/fuzz/oracle.js";
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
