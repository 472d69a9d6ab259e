// Nil-ness refinements from Go source: a successful comma-ok lookup and a
// range body say the map has an element (so it is not nil), a tested copy
// speaks for what it was copied from; and a maybe-nil says whether some path
// leaves the map unknown (unsure) rather than made.
import { describe, expect, it } from "vitest";
import { nilnessAt, type NilFact } from "../../../src/analysis/flow/nilness.js";
import { lineOf, lowered } from "./go-helpers.js";

const wrap = (body: string): string =>
  `package p\n\ntype T struct{ m map[string]int }\n\nfunc fill(t *T) {}\n\nfunc f(c bool, k string, p map[string]int, t *T) {\n${body}\n}\n`;

const maybeNil = "\tif c {\n\t\tp = nil\n\t}\n";

async function atWrite(body: string): Promise<NilFact | undefined> {
  const source = wrap(body);
  const l = await lowered(source, "f");
  return nilnessAt(l.fn).get(l.access(lineOf(source, "// W")));
}

describe("nil-ness refinements", () => {
  it("a write after a successful comma-ok lookup in the same map is non-nil; after a failed one it is not", async () => {
    expect((await atWrite(`${maybeNil}\tif v, ok := p[k]; ok {\n\t\tp[k] = v + 1 // W\n\t}`))?.kind).toBe("non-nil");
    expect((await atWrite(`${maybeNil}\tif _, ok := p[k]; !ok {\n\t\tp[k] = 1 // W\n\t}`))?.kind).toBe("maybe-nil");
    // A map known nil has no element: the arm cannot be taken at all.
    expect(await atWrite(`\tp = nil\n\tif v, ok := p[k]; ok {\n\t\tp[k] = v + 1 // W\n\t}`)).toBeUndefined();
  });

  it("a write in the body of a range over the same map is non-nil", async () => {
    expect((await atWrite(`${maybeNil}\tfor key := range p {\n\t\tp[key] = 2 // W\n\t}`))?.kind).toBe("non-nil");
    expect((await atWrite(`${maybeNil}\tfor range []int{1} {\n\t\tp[k] = 2 // W\n\t}`))?.kind).toBe("maybe-nil");
  });

  it("a nil test of a copy refines what it was copied from: m := t.m; if m == nil { t.m = ... }", async () => {
    const body = `\tm := t.m\n\tif m == nil {\n\t\tm = map[string]int{}\n\t\tt.m = m\n\t}\n\tt.m[k] = 1 // W`;
    expect((await atWrite(body))?.kind).toBe("non-nil");
  });

  it("nil on one path and unknown after a call on the other is an unsure maybe-nil; nil or the entry value is a sure one", async () => {
    const unsure = await atWrite(`\tt.m = nil\n\tif c {\n\t\tfill(t)\n\t}\n\tt.m[k] = 1 // W`);
    expect(unsure).toMatchObject({ kind: "maybe-nil", unsure: true });
    const sure = await atWrite(`\tif c {\n\t\tp = nil\n\t}\n\tp[k] = 1 // W`);
    expect(sure?.kind).toBe("maybe-nil");
    expect(sure?.unsure).toBeUndefined();
  });
});
