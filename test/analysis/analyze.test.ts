import { describe, expect, it, vi } from "vitest";
import { ParserAbortedError } from "../../src/analysis/analyze.js";
import { loadGo } from "../../src/analysis/go/load-go.js";
import { ruleMetas, rules } from "../../src/analysis/rules/index.js";
import { analyze, lines } from "./helpers.js";

const NIL_WRITE = 'package p\n\nfunc f() {\n\tvar m map[string]int\n\tm["a"] = 1\n}\n';

describe("analyzeFiles", () => {
  it("notes an empty or whitespace-only file without parsing it", async () => {
    const result = await analyze([
      { path: "p/empty.go", text: "" },
      { path: "p/blank.go", text: " \n\t\n" },
    ]);
    expect(result.notes).toEqual([
      { path: "p/empty.go", message: "empty file, nothing to analyse" },
      { path: "p/blank.go", message: "empty file, nothing to analyse" },
    ]);
    expect(result.analyzed).toEqual([]);
  });

  it("skips a file over the size cap, counted in UTF-8 bytes, without parsing it", async () => {
    // 40 UTF-16 units but 120 UTF-8 bytes: the cap is about bytes on the wire.
    const text = `package p // ${"日".repeat(36)}\n`;
    expect(text.length).toBeLessThan(100);
    const result = await analyze([{ path: "p/big.go", text }], { maxFileBytes: 100 });
    expect(result.skipped).toEqual([{ path: "p/big.go", reason: "file is 122 bytes, over the 100 bytes size cap" }]);
    expect(result.analyzed).toEqual([]);
    expect((await analyze([{ path: "p/big.go", text }], { maxFileBytes: 200 })).analyzed).toEqual(["p/big.go"]);
  });

  it("analyses a broken file where it parsed, notes the first error line and reports nothing inside the broken region", async () => {
    const text = [
      "package p",
      "",
      "func good() {",
      "\tvar m map[string]int",
      '\tm["a"] = 1',
      "}",
      "",
      "func bad() {",
      "\tvar n map[string]int",
      '\tn["b"] = := 2',
      '\tn["c"] = 3',
      "}",
      "",
    ].join("\n");
    const result = await analyze(text);
    expect(result.notes).toEqual([{ path: "p/a.go", message: "syntax error at line 10; findings inside broken regions are not reported" }]);
    expect(lines(result)).toEqual([5]);
    expect(result.analyzed).toEqual(["p/a.go"]);
  });

  it("never throws on garbage", async () => {
    const result = await analyze([
      { path: "x/a.go", text: "}}}} func ( map[ \u0000 \ud800" },
      { path: "x/b.go", text: "not go at all" },
      { path: "x/c.go", text: 'package x\nvar m map[string]int\nfunc f() { m["a"] = 1 ' },
    ]);
    expect(result.analyzed).toEqual(["x/a.go", "x/b.go", "x/c.go"]);
    expect(result.notes.every((n) => /^syntax error at line \d+/.test(n.message))).toBe(true);
  });

  it("gives up a file whose parse runs over the budget, with a note", async () => {
    const text = "package p\n" + "func f() { x := []int{1, 2, 3}; _ = x }\n".repeat(20_000);
    const result = await analyze([{ path: "p/slow.go", text }, { path: "q/a.go", text: NIL_WRITE }], { parseBudgetMs: 0 });
    expect(result.notes.find((n) => n.path === "p/slow.go")?.message).toMatch(/parsing took longer than 0 ms/);
    expect(result.analyzed).not.toContain("p/slow.go");
  });

  it("applies severity overrides and turns rules off", async () => {
    const warned = await analyze(NIL_WRITE, { ruleSeverities: { "nil-map-write": "warning" } });
    expect(warned.findings.map((f) => f.severity)).toEqual(["warning"]);
    const off = await analyze(NIL_WRITE, { ruleSeverities: { "nil-map-write": "off" } });
    expect(off.findings).toEqual([]);
    expect(off.analyzed).toEqual(["p/a.go"]);
  });

  it("still says where the syntax errors are when every rule is off", async () => {
    const allOff = Object.fromEntries(rules.map((r) => [r.id, "off" as const]));
    const broken = await analyze("package p\n\nfunc f() {\n\tx := \n}\n", { ruleSeverities: allOff });
    expect(broken.findings).toEqual([]);
    expect(broken.notes.map((n) => n.message)).toEqual([expect.stringMatching(/^syntax error at line \d+/)]);
  });

  it("sorts findings by path, line and column, and drops duplicates", async () => {
    const two = 'package p\n\nfunc g() {\n\tvar a map[int]int\n\tvar b map[int]int\n\tb[1] = 1\n\ta[1] = 1\n}\n';
    const result = await analyze([
      { path: "z/z.go", text: NIL_WRITE },
      { path: "a/a.go", text: two },
      { path: "z/z.go", text: NIL_WRITE },
    ]);
    expect(result.findings.map((f) => `${f.location.path}:${f.location.startLine}`)).toEqual(["a/a.go:6", "a/a.go:7", "z/z.go:5"]);
  });

  it("treats `package p` and `package p_test` in one directory as two packages", async () => {
    const result = await analyze([
      { path: "p/a.go", text: "package p\n\nvar cache map[string]int\n\nfunc put(k string) { cache[k] = 1 }\n" },
      { path: "p/a_test.go", text: "package p_test\n\nvar cache = map[string]int{}\n\nfunc init() { cache = nil }\n" },
    ]);
    expect(result.findings.map((f) => f.location.path)).toEqual(["p/a.go"]);
  });

  it("lists every rule's metadata", () => {
    expect(ruleMetas.map((m) => m.id)).toContain("nil-map-write");
    expect(ruleMetas.every((m) => m.summary.length > 0)).toBe(true);
  });
});

describe("analyzeFiles on internal failures", () => {
  it("lets ParserAbortedError through and nothing else", async () => {
    const { parser } = await loadGo();
    const spy = vi.spyOn(parser, "parse").mockImplementationOnce(() => {
      throw new TypeError("something internal");
    });
    const result = await analyze(NIL_WRITE);
    expect(result.unanalyzed).toEqual([{ dir: "p", packageName: null, paths: ["p/a.go"], reason: "internal error: something internal" }]);
    expect(result.analyzed).toEqual([]);
    spy.mockImplementationOnce(() => {
      throw new Error("Aborted(OOM)");
    });
    await expect(analyze(NIL_WRITE)).rejects.toBeInstanceOf(ParserAbortedError);
    spy.mockRestore();
    expect(lines(await analyze(NIL_WRITE))).toEqual([5]);
  });
});
