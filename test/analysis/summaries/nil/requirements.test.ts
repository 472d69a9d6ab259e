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

  it("a value overwritten before the write, or a map the function makes on some path, is no requirement on callers", async () => {
    const src = `package p

type Table struct {
	index map[int]int
	names map[string]int
}

func (t *Table) Add(k int, name string) {
	m := t.index
	if m == nil {
		m = map[int]int{}
		t.index = m
		t.names = map[string]int{}
	}
	if _, ok := m[k]; !ok {
		t.index[k] = len(m)
		t.names[name] = k
	}
}

func fresh() map[string]int { return nil }

func reset(t *Table, k string) {
	t.names = fresh()
	t.names[k] = 1
}

func (t *Table) Name(name string) {
	t.names[name] = 0 // W
}
`;
    const s = await summarise(src);
    expect(s.summaries.requiresNonNil(s.id("(*Table).Add"))).toEqual([]);
    expect(s.summaries.requiresNonNil(s.id("reset"))).toEqual([]);
    expect(s.summaries.requiresNonNil(s.id("(*Table).Name")).map((r) => describePath(r.path))).toEqual(["recv.names"]);
  });

  it("a function's own writes to a nil or maybe-nil map are its nil writes, with their origins", async () => {
    const src = `package p

func f(c bool) map[string]int {
	var m map[string]int // D
	if c {
		m = map[string]int{}
	}
	m["a"] = 1 // W
	return m
}
`;
    const s = await summarise(src);
    const writes = s.summaries.nilWrites(s.id("f"));
    expect(writes.map((w) => [w.stmt.line, w.fact, w.unsure, w.origins.map((o) => [o.kind, o.span.line])])).toEqual([
      [lineOf(src, "// W"), "maybe-nil", false, [["zero", lineOf(src, "// D")]]],
    ]);
  });
});
