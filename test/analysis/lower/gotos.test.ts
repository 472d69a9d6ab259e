// A function whose body (or a function literal in it) has a goto says so:
// the nil rules stay silent there, since source order is not run order.
import { describe, expect, it } from "vitest";
import { lower } from "./lower-helpers.js";

describe("lowering: goto", () => {
  it("marks the function holding a goto and every function around it, and no other", async () => {
    const ir = await lower(`package p

func outer() {
	f := func() {
	again:
		goto again
	}
	_ = f
}

func plain() {
	for {
		break
	}
}
`);
    const gotos = Object.fromEntries(ir.functions.map((f) => [f.name, f.gotos]));
    expect(gotos).toEqual({ outer: true, outer$1: true, plain: false });
  });
});
