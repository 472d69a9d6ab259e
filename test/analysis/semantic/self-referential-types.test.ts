// Types that refer to themselves without end are legal Go (`type P *P`, as
// the standard library's reflect tests declare): the semantic layer must
// build, and still resolve calls, rather than recurse until the stack runs out.
import { describe, expect, it } from "vitest";
import { modelOf } from "./helpers.js";

const SOURCE = `package p

type P *P

type Holder struct {
	next P
	m    map[string]P
	fn   func()
}

func use(h *Holder) {
	var p P
	h.next = p
	h.m["a"] = p
	h.fn = helper
	h.fn()
}

func helper() {}
`;

describe("self-referential types", () => {
  it("build a model whose call graph still resolves a func field's value", async () => {
    const model = await modelOf(SOURCE);
    const use = model.ir.functions.find((f) => f.name === "use");
    const helper = model.ir.functions.find((f) => f.name === "helper");
    expect(use && helper).toBeTruthy();
    const targets = model.callGraph.sites.filter((s) => s.fn === use?.id).flatMap((s) => s.targets.map((t) => t.fn));
    expect(targets).toContain(helper?.id);
  });
});
