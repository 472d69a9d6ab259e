import { describe, expect, it } from "vitest";
import { lower } from "./lower-helpers.js";

describe("lowering: closures and captured variables", () => {
  it("names closures after their enclosing function and chains captured vars through every level", async () => {
    const ir = await lower(`package p
func main() {
	m := map[string]int{}
	func() {
		func() {
			m["a"] = 1
		}()
	}()
	go func() {}()
}
`);
    expect(ir.functions.map((f) => f.name)).toEqual(["main", "main$1", "main$1$1", "main$2"]);
    const [main, outer, inner] = ir.functions;
    expect(outer.parent).toBe(main.id);
    expect(inner.parent).toBe(outer.id);
    expect(inner.kind).toBe("closure");
    const innerM = inner.vars.find((v) => v.name === "m");
    const outerM = outer.vars.find((v) => v.name === "m");
    const mainM = main.vars.find((v) => v.name === "m");
    expect(innerM?.kind).toBe("captured");
    expect(innerM?.outer).toEqual({ fn: outer.id, var: outerM?.id });
    expect(outerM?.kind).toBe("captured");
    expect(outerM?.outer).toEqual({ fn: main.id, var: mainM?.id });
    const write = inner.blocks[0].instrs.find((i) => i.op === "access");
    expect(write?.op === "access" && write.path.root).toEqual({ kind: "var", var: innerM?.id });
  });

  it("does not capture a name the closure declares itself, nor package-level names", async () => {
    const ir = await lower(`package p
var g = map[string]int{}
func f(m map[string]int) {
	func(m map[string]int) {
		m["a"] = 1
		g["b"] = 2
	}(nil)
}
`);
    const closure = ir.functions.find((f) => f.name === "f$1");
    expect(closure?.vars.map((v) => v.kind)).toEqual(["param"]);
  });

  it("numbers init functions and puts package-level var initialisers into <vars>", async () => {
    const ir = await lower([
      { path: "p/a.go", text: "package p\nvar a = map[string]int{}\nfunc init() {}\n" },
      { path: "p/b.go", text: "package p\nfunc init() {}\nvar b, c int\n" },
    ]);
    expect(ir.functions.map((f) => `${f.path}:${f.name}`)).toEqual(["p/a.go:<vars>", "p/a.go:init", "p/b.go:init#2", "p/b.go:<vars>"]);
    const vars = ir.functions[3];
    expect(vars.blocks[0].instrs.map((i) => (i.op === "assign" ? i.targets.map((t) => t?.root) : null))).toEqual([
      [{ kind: "package", name: "b" }],
      [{ kind: "package", name: "c" }],
    ]);
  });
});
