import { Tree } from "web-tree-sitter";
import { afterEach, describe, expect, it, vi } from "vitest";
import { loadGo } from "../../../src/analysis/go/load-go.js";
import { isWasmAbort, withParsedTree, withParsedTrees } from "../../../src/analysis/go/parse.js";
import { ParserAbortedError } from "../../../src/analysis/go/parser-aborted-error.js";
import { analyze } from "../helpers.js";

const SMALL = "package p\n\nfunc f() { m := map[string]int{}; m[\"a\"] = 1 }\n";

afterEach(() => {
  vi.restoreAllMocks();
});

describe("parsing", () => {
  it("loads the grammar once and parses Go", async () => {
    const [a, b] = await Promise.all([loadGo(), loadGo()]);
    expect(a.parser).toBe(b.parser);
    const outcome = withParsedTree(a.parser, { path: "a.go", text: SMALL }, (tree) => tree.rootNode.type);
    expect(outcome).toEqual({ ok: true, value: "source_file" });
  });

  it("deletes the tree even when its user throws", async () => {
    const { parser } = await loadGo();
    const deleted = vi.spyOn(Tree.prototype, "delete");
    expect(() =>
      withParsedTree(parser, { path: "a.go", text: SMALL }, () => {
        throw new Error("boom");
      }),
    ).toThrow("boom");
    expect(deleted).toHaveBeenCalledTimes(1);
  });

  it("deletes every tree of a package, including after a failure midway", async () => {
    const { parser } = await loadGo();
    const deleted = vi.spyOn(Tree.prototype, "delete");
    const requests = [1, 2, 3].map((i) => ({ path: `${i}.go`, text: SMALL }));
    expect(() =>
      withParsedTrees(parser, requests, () => {
        throw new Error("rule crashed");
      }),
    ).toThrow("rule crashed");
    expect(deleted).toHaveBeenCalledTimes(3);
  });

  it("frees one tree per parsed file across thousands of analyses", async () => {
    const deleted = vi.spyOn(Tree.prototype, "delete");
    const runs = 2000;
    for (let i = 0; i < runs; i++) await analyze([{ path: `d${i}/a.go`, text: SMALL }]);
    // WASM heap size is not observable through web-tree-sitter's API; every tree
    // being deleted is what keeps it from growing.
    expect(deleted).toHaveBeenCalledTimes(runs);
  });

  it("gives up a parse that runs over its time budget, and the parser keeps working", async () => {
    const { parser } = await loadGo();
    const big = "package p\n" + "func f() { x := []int{1, 2, 3}; _ = x }\n".repeat(50_000);
    const outcome = withParsedTree(parser, { path: "big.go", text: big, budgetMs: 0 }, () => "parsed");
    expect(outcome).toEqual({ ok: false, reason: "parsing took longer than 0 ms; the file was not analysed" });
    expect(withParsedTree(parser, { path: "a.go", text: SMALL }, (t) => t.rootNode.hasError)).toEqual({ ok: true, value: false });
  });

  it("turns a WASM abort into ParserAbortedError naming the file", async () => {
    const { parser } = await loadGo();
    const trap = Object.assign(new Error("memory access out of bounds"), { name: "RuntimeError" });
    vi.spyOn(parser, "parse").mockImplementation(() => {
      throw trap;
    });
    let caught: unknown;
    try {
      withParsedTree(parser, { path: "pkg/bad.go", text: SMALL }, () => 0);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ParserAbortedError);
    expect((caught as ParserAbortedError).path).toBe("pkg/bad.go");
    expect((caught as ParserAbortedError).message).toMatch(/^\[mapguard\] /);
  });

  it("recognises aborts but not ordinary errors", () => {
    expect(isWasmAbort(Object.assign(new Error("unreachable"), { name: "RuntimeError" }))).toBe(true);
    expect(isWasmAbort(new Error("Aborted(Assertion failed)"))).toBe(true);
    expect(isWasmAbort(new TypeError("x is undefined"))).toBe(false);
    expect(isWasmAbort("Aborted")).toBe(false);
  });
});
