import { describe, expect, it } from "vitest";
import { MAX_PATH_DEPTH } from "../../../src/analysis/lower/ir.js";
import { MAX_NESTING } from "../../../src/analysis/lower/lowering-context.js";
import { lower, lowerAndPrint } from "./lower-helpers.js";

describe("lowering: robustness", () => {
  it("cuts paths at MAX_PATH_DEPTH selectors, marks them truncated and notes it", async () => {
    const ir = await lower("package p\nfunc f(a *A) {\n\ta.b.c.d.e.f.g[1] = 2\n}\n");
    const f = ir.functions[0];
    const write = f.blocks[0].instrs.find((i) => i.op === "access" && i.kind === "write");
    expect(write?.op === "access" && write.path.selectors.length).toBe(MAX_PATH_DEPTH);
    expect(write?.op === "access" && write.path.truncated).toBe(true);
    expect(f.notes).toContain(`path cut at depth ${MAX_PATH_DEPTH}`);
  });

  it("keeps the key of an index out of the path but lowers its effects", async () => {
    const ir = await lower("package p\nfunc f(m map[string]int, n map[string]string) {\n\tm[n[\"k\"]] = 1\n}\n");
    const ops = ir.functions[0].blocks[0].instrs.map((i) => (i.op === "access" ? `${i.kind}:${i.path.selectors.length}` : i.op));
    expect(ops).toEqual(["read:0", "assign", "write:0"]);
  });

  it("lowers what it can of a function with a syntax error and marks it broken", async () => {
    const ir = await lower("package p\nfunc f(m map[string]int) {\n\tm[\"a\"] = 1\n\tx := := 2\n\tm[\"b\"] = 3\n}\nfunc g() {}\n");
    const f = ir.functions.find((fn) => fn.name === "f");
    expect(f?.broken).toBe(true);
    expect(f?.blocks.flatMap((b) => b.instrs).some((i) => i.op === "access" && i.kind === "write")).toBe(true);
    expect(ir.functions.find((fn) => fn.name === "g")?.broken).toBe(false);
  });

  it("never throws on odd syntax", async () => {
    const odd = [
      "package p\nfunc (",
      "package p\nfunc f() { for range { } }",
      "package p\nfunc f() { switch x := ; y.(type) { case : } }",
      "package p\nfunc f() { select { case <-: } }",
      "package p\nfunc f() { goto; break L; continue; fallthrough }",
      "package p\nfunc f() { a, b := }",
      "package p\nvar = \nfunc f() { go 1; defer x }",
      "package p\nfunc f() { x := T{{{}}: {}, 1: } }",
    ];
    for (const text of odd) await expect(lower(text)).resolves.toBeDefined();
  });

  it(`survives 20,000 nested ifs, parentheses, && chains and literals, dropping what lies past ${MAX_NESTING} levels`, async () => {
    const depth = 20_000;
    const ifs = `package p\nfunc f(m map[string]int) {\n${"if true {\n".repeat(depth)}m["a"] = 1\n${"}\n".repeat(depth)}}\n`;
    const parens = `package p\nfunc f(m map[string]int) {\n\tx := ${"(".repeat(depth)}m["a"]${")".repeat(depth)}\n\t_ = x\n}\n`;
    const ands = `package p\nfunc f(a bool) {\n\tif a${" && a".repeat(depth)} {\n\t}\n}\n`;
    const lits = `package p\nvar x = ${"[]any{".repeat(depth)}${"}".repeat(depth)}\n`;
    const funcs = `package p\nfunc f() {\n${"func() {\n".repeat(2000)}${"}()\n".repeat(2000)}}\n`;
    const calls = `package p\nfunc f() {\n\tg(${"g(".repeat(depth)}1${")".repeat(depth)})\n}\n`;
    const indexes = `package p\nfunc f(m map[int]int) {\n\tm[${"m[".repeat(depth)}1${"]".repeat(depth)}] = 1\n}\n`;
    const nots = `package p\nfunc f(a bool) {\n\tif ${"!".repeat(depth)}a {\n\t}\n}\n`;
    for (const text of [ifs, ands, lits, funcs, calls, indexes]) {
      const ir = await lower(text);
      expect(ir.functions.length).toBeGreaterThan(0);
      expect(ir.functions.some((f) => f.notes.some((n) => n.includes(`nesting deeper than ${MAX_NESTING}`)))).toBe(true);
    }
    // `!!!…a` is read from its text as one opaque condition: nothing to drop.
    await expect(lower(nots)).resolves.toBeDefined();
    // Parentheses are unwrapped in a loop: nothing to drop.
    const ir = await lower(parens);
    expect(ir.functions[0].blocks[0].instrs.some((i) => i.op === "access" && i.kind === "read")).toBe(true);
  });

  it("prints every function of a package, or only the one asked for", async () => {
    const text = "package p\nfunc a() {}\nfunc b() {}\n";
    expect(await lowerAndPrint(text, "b")).toBe("func b  // a.go:3\n  b0 entry:\n    exit\n");
    expect((await lowerAndPrint(text)).split("\nfunc ")).toHaveLength(2);
  });
});
