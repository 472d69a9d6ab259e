import { describe, expect, it } from "vitest";
import { loadGo } from "../../../src/analysis/go/load-go.js";
import { withParsedTree } from "../../../src/analysis/go/parse.js";
import { locationOf } from "../../../src/analysis/go/position.js";
import { analyze, goFile } from "../helpers.js";

describe("positions", () => {
  it("reports 1-based lines and UTF-16 columns (endColumn exclusive) after non-ASCII text", async () => {
    const { parser } = await loadGo();
    const text = 'package p\n\nvar s = "héllo😀" + x\n';
    const line = text.split("\n")[2];
    const loc = withParsedTree(parser, { path: "a.go", text }, (tree) => {
      const ids = tree.rootNode.descendantsOfType("identifier");
      const x = ids.find((n) => n?.text === "x");
      return x ? locationOf("a.go", x) : null;
    });
    expect(loc).toEqual({ ok: true, value: { path: "a.go", startLine: 3, startColumn: line.indexOf("x") + 1, endLine: 3, endColumn: line.indexOf("x") + 2 } });
    // "é" is one UTF-16 unit but two UTF-8 bytes; "😀" is two UTF-16 units and four bytes.
    expect(line.indexOf("x") + 1).toBe(21);
  });

  it("places a finding on the exact text of the write on a line with emoji", async () => {
    const text = goFile('\tvar m map[string]int\n\t_ = "日本😀"; m["k"] = 1');
    const result = await analyze(text);
    const [finding] = result.findings;
    const line = text.split("\n")[finding.location.startLine - 1];
    expect(line.slice(finding.location.startColumn - 1, finding.location.endColumn - 1)).toBe('m["k"] = 1');
  });
});
