// The nil rules' findings across functions and paths: severity by whether
// the map is nil on every path, a message that names where nil comes from,
// the calls it travels through and the write, and each hop as a related location.
import { describe, expect, it } from "vitest";
import type { SourceFile } from "../../../src/analysis/types.js";
import { analyze } from "../helpers.js";

const files: SourceFile[] = [
  {
    path: "p/node.go",
    text: `package p

type Node struct {
	Labels      map[string]string
	Annotations map[string]string
}

func NewNode() *Node {
	return &Node{Labels: map[string]string{}}
}

func annotate(n *Node, k string) {
	n.Annotations[k] = "x"
}

func tag(n *Node, k string) {
	annotate(n, k)
}
`,
  },
  {
    path: "p/use.go",
    text: `package p

func lookup(m map[string]map[string]int, k string) map[string]int {
	if inner, ok := m[k]; ok {
		return inner
	}
	return nil
}

func use(m map[string]map[string]int) {
	n := NewNode()
	tag(n, "zone")
	counts := lookup(m, "a")
	counts["b"] = 1
}
`,
  },
];

describe("nil rules across functions", () => {
  it("a map nil on every path, handed through calls to a write, is an error naming the origin, the calls and the write", async () => {
    const result = await analyze(files);
    const f = result.findings.find((x) => x.ruleId === "nil-map-field-write");
    expect(f?.severity).toBe("error");
    expect(f?.location).toMatchObject({ path: "p/use.go", startLine: 12 });
    expect(f?.message).toBe(
      '`n.Annotations` is nil when it is handed to `tag` here: `NewNode` returns it nil at line 11 (a literal at node.go:9 without it); it goes through `tag` to `annotate`, which writes to it at node.go:13, which panics with "assignment to entry in nil map".',
    );
    expect(f?.related.map((r) => `${r.location.path}:${r.location.startLine} ${r.message}`)).toEqual([
      "p/use.go:11 `NewNode` returns it nil at line 11 (a literal at node.go:9 without it)",
      "p/node.go:9 The literal at line 9 does not set it",
      "p/use.go:12 `use` calls `tag` here",
      "p/node.go:17 `tag` calls `annotate` here",
      "p/node.go:13 `annotate` writes to the map here without checking it for nil",
    ]);
  });

  it("a map nil on an identified path only (a callee's nil return) is a warning, with a guard as its fix", async () => {
    const result = await analyze(files);
    const f = result.findings.find((x) => x.ruleId === "nil-map-write");
    expect(f?.severity).toBe("warning");
    expect(f?.location).toMatchObject({ path: "p/use.go", startLine: 14 });
    expect(f?.message).toContain("`counts` is nil here when `lookup` returns it nil at line 13 (nil at line 7)");
    expect(f?.fix?.edits[0].replacement).toBe('\tif counts == nil {\n\t\tcounts = make(map[string]int)\n\t}\n\tcounts["b"] = 1');
  });

  it("a configured severity still overrides the rule's own grading", async () => {
    const result = await analyze(files, { ruleSeverities: { "nil-map-write": "error", "nil-map-field-write": "warning" } });
    expect(result.findings.map((f) => [f.ruleId, f.severity]).sort()).toEqual([
      ["nil-map-field-write", "warning"],
      ["nil-map-write", "error"],
    ]);
  });
});
