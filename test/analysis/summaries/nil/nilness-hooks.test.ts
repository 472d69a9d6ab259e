// A rule's view: nilness of one function with its callees' summaries plugged in.
import { describe, expect, it } from "vitest";
import { nilness, nilnessAt } from "../../../../src/analysis/flow/nilness.js";
import { nilnessHooks, summarisedNilnessOf } from "../../../../src/analysis/summaries/nil/nilness-hooks.js";
import { lineOf, summarise } from "./helpers.js";

const src = `package p

type Store struct {
	labels map[string]string
	annos  map[string]string
}

func empty() map[string]string { return nil }

func NewStore() *Store { return &Store{labels: map[string]string{}} }

func use() {
	m := empty()
	m["a"] = "b" // RESULT
	s := NewStore()
	s.labels["a"] = "b" // MADE
	s.annos["a"] = "b" // FIELD
}
`;

describe("nilness with summaries", () => {
  it("plain hooks make an always-nil callee's result nil at the caller's write", async () => {
    const s = await summarise(src);
    const fn = s.pkg.ir.functions[s.id("use")];
    const access = (marker: string) => fn.blocks.flatMap((b) => b.instrs).find((x) => x.op === "access" && x.span.line === lineOf(src, marker));
    const withHooks = nilnessAt(fn, nilnessHooks(s.pkg, s.summaries, fn));
    const without = nilnessAt(fn);
    const result = access("// RESULT");
    expect(result && withHooks.get(result)?.kind).toBe("nil");
    expect(result && without.get(result)?.kind).toBe("unknown");
  });

  it("the summarised run also knows the fields of a constructor's result and explains the origin", async () => {
    const s = await summarise(src);
    const fn = s.pkg.ir.functions[s.id("use")];
    const instrs = fn.blocks.flatMap((b) => b.instrs);
    const at = (marker: string) => instrs.find((x) => x.op === "access" && x.span.line === lineOf(src, marker));
    const run = summarisedNilnessOf(s.summaries, fn, { track: instrs.flatMap((x) => (x.op === "access" ? [x.path] : [])) });
    const field = at("// FIELD");
    const made = at("// MADE");
    if (!field || field.op !== "access" || !made || made.op !== "access") throw new Error("no accesses");
    const fact = run.before(field, field.path);
    expect(fact?.kind).toBe("nil");
    expect(run.explain(fact?.origins ?? [])[0]).toMatchObject({ kind: "callee", callee: { name: "NewStore", origins: [{ kind: "omitted" }] } });
    expect(run.before(made, made.path)?.kind).toBe("non-nil");
    // Plain nilness knows nothing of the constructor's fields.
    expect(nilness(fn).before(field, field.path)?.kind).toBe("unknown");
  });
});
