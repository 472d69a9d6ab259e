// Result nil-ness: nil on every return, on some identified return, or never.
import { describe, expect, it } from "vitest";
import { lineOf, summarise } from "./helpers.js";

describe("result nil-ness", () => {
  it("a getter returning nil on its error path is maybe nil, from that return, next to an error", async () => {
    const src = `package p

import "errors"

func load(ok bool) (map[string]string, error) {
	if !ok {
		return nil, errors.New("missing") // NIL
	}
	return map[string]string{}, nil
}
`;
    const s = await summarise(src);
    const r = s.summaries.resultNil(s.id("load"), 0);
    expect(r?.kind).toBe("maybe");
    expect(r?.origins.map((o) => [o.kind, o.span.line, o.withError])).toEqual([["nil", lineOf(src, "// NIL"), true]]);
    expect(s.summaries.resultNil(s.id("load"), 1)).toBeNull();
  });

  it("a helper returning nil for empty input is maybe nil; one that always makes is never nil", async () => {
    const src = `package p

func parse(xs []string) map[string]bool {
	if len(xs) == 0 {
		return nil // NIL
	}
	out := make(map[string]bool)
	for _, x := range xs {
		out[x] = true
	}
	return out
}

func always(xs []string) map[string]bool {
	out := map[string]bool{}
	return out
}

func none() map[string]bool {
	var m map[string]bool
	return m
}
`;
    const s = await summarise(src);
    const parse = s.summaries.resultNil(s.id("parse"), 0);
    expect(parse).toMatchObject({ kind: "maybe", nilWhenParamNil: [] });
    expect(parse?.origins.map((o) => o.span.line)).toEqual([lineOf(src, "// NIL")]);
    expect(s.summaries.resultNil(s.id("always"), 0)?.kind).toBe("never");
    expect(s.summaries.resultNil(s.id("none"), 0)?.kind).toBe("always");
  });

  it("a clone helper is nil only for a nil input, and a caller passing a nil map gets a maybe-nil result", async () => {
    const src = `package p

func clone(m map[string]string) map[string]string {
	if m == nil {
		return nil
	}
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

func fromNil() map[string]string {
	var m map[string]string
	return clone(m) // CALL
}

func fromMade() map[string]string {
	return clone(map[string]string{"a": "b"})
}

func fromMadeVar() map[string]string {
	m := map[string]string{}
	c := clone(m)
	return c
}
`;
    const s = await summarise(src);
    expect(s.summaries.resultNil(s.id("clone"), 0)).toMatchObject({ kind: "maybe", nilWhenParamNil: [0] });
    const fromNil = s.summaries.resultNil(s.id("fromNil"), 0);
    expect(fromNil?.kind).toBe("maybe");
    expect(fromNil?.origins[0]).toMatchObject({ kind: "callee", callee: { name: "clone" } });
    expect(s.summaries.resultNil(s.id("fromMadeVar"), 0)?.kind).toBe("never");
  });

  it("nil travels through a getter of a getter", async () => {
    const src = `package p

type S struct{ m map[string]int }

func (s *S) raw() map[string]int { return nil }
func (s *S) get() map[string]int { return s.raw() }
func (s *S) made() map[string]int { return make(map[string]int) }
func (s *S) either(c bool) map[string]int {
	if c {
		return s.get()
	}
	return s.made()
}
`;
    const s = await summarise(src);
    expect(s.summaries.resultNil(s.id("(*S).get"), 0)?.kind).toBe("always");
    const either = s.summaries.resultNil(s.id("(*S).either"), 0);
    expect(either?.kind).toBe("maybe");
    expect(either?.origins[0]?.callee?.name).toBe("(*S).get");
  });

  it("recursion terminates and still summarises", async () => {
    const src = `package p

func even(n int) map[string]int {
	if n == 0 {
		return nil
	}
	return odd(n - 1)
}

func odd(n int) map[string]int {
	if n == 0 {
		return map[string]int{}
	}
	return even(n - 1)
}

func self(n int) map[string]int {
	if n > 0 {
		return self(n - 1)
	}
	return nil // SELF
}
`;
    const s = await summarise(src);
    expect(s.summaries.resultNil(s.id("even"), 0)?.kind).toBe("maybe");
    // odd's nil comes from even's, through the cycle.
    expect(s.summaries.resultNil(s.id("odd"), 0)).toMatchObject({ kind: "maybe", origins: [{ kind: "callee", callee: { name: "even" } }] });
    // The cycle starts from nothing known, so the recursive return stays unknown: maybe, from the nil return.
    const self = s.summaries.resultNil(s.id("self"), 0);
    expect(self?.kind).toBe("maybe");
    expect(self?.origins.map((o) => o.span.line)).toContain(lineOf(src, "// SELF"));
    expect(s.summaries.unsettled).toEqual([]);
  });

  it("a method's result nil only for a nil receiver follows the receiver (-1): a clone of a made map is no nil", async () => {
    const src = `package p

type Labels map[string]string

func (l Labels) Clone() Labels {
	if l == nil {
		return nil
	}
	out := make(Labels, len(l))
	for k, v := range l {
		out[k] = v
	}
	return out
}

func use() {
	made := Labels{"a": "b"}
	c := made.Clone()
	c["x"] = "y"
}
`;
    const s = await summarise(src);
    expect(s.summaries.resultNil(s.id("(Labels).Clone"), 0)).toMatchObject({ kind: "maybe", nilWhenParamNil: [-1] });
    expect(s.summaries.nilWrites(s.id("use"))).toEqual([]);
  });
});
