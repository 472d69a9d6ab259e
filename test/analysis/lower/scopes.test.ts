import { describe, expect, it } from "vitest";
import type { IrFunction, PackageIr } from "../../../src/analysis/lower/ir.js";
import { lower } from "./lower-helpers.js";

function fn(ir: PackageIr, name: string): IrFunction {
  const found = ir.functions.find((f) => f.name === name);
  if (!found) throw new Error(`no function ${name}: ${ir.functions.map((f) => f.name).join(", ")}`);
  return found;
}

describe("lowering: scopes and shadowing", () => {
  it("resolves a local that shadows a package-level map to the local, and the package map elsewhere", async () => {
    const ir = await lower(`package p
var m = map[string]int{}
func f() {
	m["a"] = 1
	{
		m := map[string]int{}
		m["b"] = 2
	}
	m["c"] = 3
}
`);
    const f = fn(ir, "f");
    const writes = f.blocks.flatMap((b) => b.instrs).filter((i) => i.op === "access" && i.kind === "write");
    expect(writes.map((w) => (w.op === "access" ? w.path.root.kind : ""))).toEqual(["package", "var", "package"]);
  });

  it("declares := in the body's scope together with parameters and results (a result is reused, not redeclared)", async () => {
    const ir = await lower(`package p
func f() (n int, err error) {
	x, err := g()
	_ = x
	return
}
func g() (int, error) { return 0, nil }
`);
    const f = fn(ir, "f");
    expect(f.vars.filter((v) => v.name === "err")).toHaveLength(1);
  });

  it("a := in an if initialiser shadows only inside the if", async () => {
    const ir = await lower(`package p
func f(v map[string]int) {
	if v := 1; v > 0 {
		_ = v
	}
	v["k"] = 1
}
`);
    const f = fn(ir, "f");
    const write = f.blocks.flatMap((b) => b.instrs).find((i) => i.op === "access" && i.kind === "write");
    expect(write?.op === "access" && write.path.root).toEqual({ kind: "var", var: f.params[0] });
  });
});
