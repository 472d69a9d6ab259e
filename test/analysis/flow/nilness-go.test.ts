// Nil-ness from Go source through lowerPackage: the fact at each marked write.
import { describe, expect, it } from "vitest";
import { closureAssignedVars } from "../../../src/analysis/flow/closure-writes.js";
import { nilness, nilnessAt, type NilFact, type NilnessOptions } from "../../../src/analysis/flow/nilness.js";
import { lineOf, lowered } from "./go-helpers.js";

const header = `package p

import "log"

type T struct {
	m map[string]int
	n map[string]int
}

func fill(m map[string]int) {}
`;

const wrap = (body: string): string => `${header}\nfunc f(c bool, k string, p map[string]int, xs []string, other T) (out map[string]int) {\n${body}\n\treturn\n}\n`;

/** The fact at the access on the line marked `// W` in `body` of func f. */
async function atWrite(body: string, options: NilnessOptions = {}): Promise<NilFact | undefined> {
  const source = wrap(body);
  const l = await lowered(source, "f");
  return nilnessAt(l.fn, options).get(l.access(lineOf(source, "// W")));
}

/** The source line of `marker` in `body` once wrapped. */
const line = (body: string, marker: string): number => lineOf(wrap(body), marker);

describe("nilness from Go source", () => {
  it("a map made in one branch only is maybe-nil at the write, from its declaration", async () => {
    const body = `
	var m map[string]int // D
	if c {
		m = make(map[string]int)
	}
	m[k] = 1 // W`;
    const fact = await atWrite(body);
    expect(fact?.kind).toBe("maybe-nil");
    expect(fact?.origins.map((o) => [o.kind, o.span.line])).toEqual([["zero", line(body, "// D")]]);
  });

  it("a map made on every path is non-nil, if/else and switch alike", async () => {
    expect(
      await atWrite(`
	var m map[string]int
	if c {
		m = make(map[string]int)
	} else {
		m = map[string]int{}
	}
	m[k] = 1 // W`),
    ).toMatchObject({ kind: "non-nil" });
    expect(
      await atWrite(`
	var m map[string]int
	switch k {
	case "a":
		m = make(map[string]int)
	default:
		m = map[string]int{}
	}
	m[k] = 1 // W`),
    ).toMatchObject({ kind: "non-nil" });
  });

  it("lazy init is non-nil at the write: for a nil local, for a parameter, and inside a loop", async () => {
    expect(
      await atWrite(`
	var m map[string]int
	if m == nil {
		m = make(map[string]int)
	}
	m[k] = 1 // W`),
    ).toMatchObject({ kind: "non-nil" });
    expect(
      await atWrite(`
	if p == nil {
		p = map[string]int{}
	}
	p[k] = 1 // W`),
    ).toMatchObject({ kind: "non-nil" });
    expect(
      await atWrite(`
	var m map[string]int
	for _, x := range xs {
		if m == nil {
			m = make(map[string]int)
		}
		m[x] = 1 // W
	}`),
    ).toMatchObject({ kind: "non-nil" });
  });

  it("an early return on nil leaves the map non-nil after it", async () => {
    expect(
      await atWrite(`
	if p == nil {
		return
	}
	p[k] = 1 // W`),
    ).toMatchObject({ kind: "non-nil" });
  });

  it("if m == nil { log.Print() } then a write: nil on that path, so maybe-nil with the branch as origin", async () => {
    const body = `
	if p == nil { // B
		log.Print("no map")
	}
	p[k] = 1 // W`;
    const fact = await atWrite(body);
    expect(fact?.kind).toBe("maybe-nil");
    expect(fact?.origins.map((o) => [o.kind, o.span.line])).toEqual([["branch", line(body, "// B")]]);
  });

  it("a map reset to nil is nil at the next write, from the reset", async () => {
    const body = `
	m := make(map[string]int)
	m[k] = 1
	m = nil // N
	m[k] = 2 // W`;
    const fact = await atWrite(body);
    expect(fact?.kind).toBe("nil");
    expect(fact?.origins.map((o) => [o.kind, o.span.line])).toEqual([["nil", line(body, "// N")]]);
  });

  it("a made map passed to a call is still non-nil for the local", async () => {
    expect(
      await atWrite(`
	m := make(map[string]int)
	fill(m)
	m[k] = 1 // W`),
    ).toMatchObject({ kind: "non-nil" });
  });

  it("a struct field path: s.m made, then s = T{} makes it nil again; s = other makes it unknown", async () => {
    const first = await atWrite(`
	var s T
	s.m = make(map[string]int)
	s.m[k] = 1
	s = T{n: nil}
	s.m[k] = 2 // W`);
    expect(first?.kind).toBe("nil");
    expect(first?.origins[0].kind).toBe("omitted");
    expect(
      await atWrite(`
	var s T
	s.m[k] = 0
	s = other
	s.m[k] = 2 // W`),
    ).toMatchObject({ kind: "unknown" });
    expect(
      await atWrite(`
	s := T{m: map[string]int{}}
	s.m[k] = 2 // W`),
    ).toMatchObject({ kind: "non-nil" });
  });

  it("a named result is nil until assigned", async () => {
    const fact = await atWrite(`
	out[k] = 1 // W`);
    expect(fact?.kind).toBe("nil");
    expect(fact?.origins[0].kind).toBe("zero");
  });

  it("a closure that assigns the map makes it unknown after calls, given the package's closure writes", async () => {
    const source = `${header}\nfunc f(k string) {\n\tvar m map[string]int\n\tinit := func() { m = make(map[string]int) }\n\tinit()\n\tm[k] = 1 // W\n}\n`;
    const l = await lowered(source, "f");
    const write = l.access(lineOf(source, "// W"));
    expect(nilnessAt(l.fn).get(write)?.kind).toBe("nil");
    const clobberedByCalls = closureAssignedVars(l.pkg).get(l.fn.id);
    expect(nilnessAt(l.fn, { clobberedByCalls }).get(write)?.kind).toBe("unknown");
  });

  it("answers for any path before any instruction", async () => {
    const source = `${header}\nfunc f(k string) {\n\tm := map[string]int{}\n\tvar n map[string]int\n\tfill(n) // C\n}\n`;
    const l = await lowered(source, "f");
    const [callInstr] = l.at(lineOf(source, "// C"), "call");
    const result = nilness(l.fn, { track: [l.path("m"), l.path("n")] });
    expect(result.before(callInstr, l.path("m"))?.kind).toBe("non-nil");
    expect(result.before(callInstr, l.path("n"))?.kind).toBe("nil");
  });

  it("constructors: &T{} and new(T) leave map fields nil, a method call on the value forgets them", async () => {
    expect(
      await atWrite(`
	s := &T{n: map[string]int{}}
	s.n[k] = 1
	s.m[k] = 1 // W`),
    ).toMatchObject({ kind: "nil", origins: [{ kind: "omitted" }] });
    expect(
      await atWrite(`
	s := new(T)
	s.m[k] = 1 // W`),
    ).toMatchObject({ kind: "nil", origins: [{ kind: "new" }] });
    expect(
      await atWrite(`
	s := &T{}
	s.init()
	s.m[k] = 1 // W`),
    ).toMatchObject({ kind: "unknown" });
  });
});
