// Nil-unsafe writes: map paths a function writes without a nil check, as
// preconditions on its callers, composed through calls.
import { describe, expect, it } from "vitest";
import { describePath } from "../../../../src/analysis/summaries/nil/summary-paths.js";
import { lineOf, summarise } from "./helpers.js";

describe("requires non-nil", () => {
  it("a method writing its receiver's map field without a check requires it; with a lazy init it does not", async () => {
    const src = `package p

type Node struct{ Labels map[string]string }

func (n *Node) Set(k, v string) {
	n.Labels[k] = v // W
}

func (n *Node) SetLazy(k, v string) {
	if n.Labels == nil {
		n.Labels = map[string]string{}
	}
	n.Labels[k] = v
}

func (n *Node) SetChecked(k, v string) {
	if n.Labels != nil {
		n.Labels[k] = v
	}
}

func put(m map[string]string, k string) { m[k] = "x" }
`;
    const s = await summarise(src);
    const set = s.summaries.requiresNonNil(s.id("(*Node).Set"));
    expect(set.map((r) => describePath(r.path))).toEqual(["recv.Labels"]);
    expect(set[0].chain.map((h) => h.span.line)).toEqual([lineOf(src, "// W")]);
    expect(s.summaries.requiresNonNil(s.id("(*Node).SetLazy"))).toEqual([]);
    expect(s.summaries.requiresNonNil(s.id("(*Node).SetChecked"))).toEqual([]);
    expect(s.summaries.requiresNonNil(s.id("put")).map((r) => describePath(r.path))).toEqual(["param0"]);
  });

  it("composes through a callee across two files, substituting the argument, and flags a caller passing a nil field", async () => {
    const types = `package p

type Pod struct {
	Labels map[string]string
	Name   string
}

func addLabel(p *Pod, k, v string) {
	p.Labels[k] = v // WRITE
}
`;
    const calls = `package p

func annotate(pod *Pod) {
	addLabel(pod, "a", "b") // HOP
}

func create() {
	pod := &Pod{Name: "x"} // MADE
	annotate(pod) // TOP
}

func createMade() {
	pod := &Pod{Labels: map[string]string{}}
	annotate(pod)
}

func createLazy(pod *Pod) {
	if pod.Labels == nil {
		pod.Labels = map[string]string{}
	}
	annotate(pod)
}
`;
    const s = await summarise({ "p/types.go": types, "p/calls.go": calls });
    const annotate = s.summaries.requiresNonNil(s.id("annotate"));
    expect(annotate.map((r) => describePath(r.path))).toEqual(["param0.Labels"]);
    expect(annotate[0].chain.map((h) => [h.name, h.file, h.span.line])).toEqual([
      ["annotate", "p/calls.go", lineOf(calls, "// HOP")],
      ["addLabel", "p/types.go", lineOf(types, "// WRITE")],
    ]);
    const v = s.summaries.violations(s.id("create"));
    expect(v.map((x) => [x.path, x.fact, x.chain.map((h) => h.name)])).toEqual([["pod.Labels", "nil", ["create", "annotate", "addLabel"]]]);
    expect(v[0].chain[0].span.line).toBe(lineOf(calls, "// TOP"));
    expect(v[0].origins.map((o) => [o.kind, o.span.line])).toEqual([["omitted", lineOf(calls, "// MADE")]]);
    expect(s.summaries.requiresNonNil(s.id("create"))).toEqual([]);
    expect(s.summaries.violations(s.id("createMade"))).toEqual([]);
    expect(s.summaries.violations(s.id("createLazy"))).toEqual([]);
    expect(s.summaries.requiresNonNil(s.id("createLazy"))).toEqual([]);
  });

  it("a requirement on a method's receiver becomes one on the caller's field it is called on", async () => {
    const src = `package p

type Tags struct{ m map[string]string }
type Metric struct{ tags Tags }

func (t *Tags) Add(k, v string) { t.m[k] = v }

func (x *Metric) Tag(k string) { x.tags.Add(k, "1") }
`;
    const s = await summarise(src);
    expect(s.summaries.requiresNonNil(s.id("(*Metric).Tag")).map((r) => describePath(r.path))).toEqual(["recv.tags.m"]);
  });
});
