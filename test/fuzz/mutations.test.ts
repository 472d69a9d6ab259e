import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { applyMutations, inputArbitrary } from "../../scripts/fuzz/mutations.js";
import { filesFor, judge, SENTINEL_PATH } from "../../scripts/fuzz/oracle.js";
import type { AnalysisResult, Finding } from "../../src/analysis/types.js";

const SEEDS = ["package a\n\nfunc f() {}\n", "package b\n\nvar x = 1\n"];

describe("fuzz mutations", () => {
  it("applies each operation as described", () => {
    expect(applyMutations(SEEDS, { seed: 1, mutations: [{ op: "truncate", at: 0.5 }] })).toBe("package b\n\n");
    expect(applyMutations(SEEDS, { seed: 0, mutations: [{ op: "nest", at: 0, nesting: 0, depth: 3 }] })).toBe(`((()))${SEEDS[0]}`);
    expect(applyMutations(SEEDS, { seed: 0, mutations: [{ op: "inject", at: 0, token: "go" }] })).toBe(` go ${SEEDS[0]}`);
    expect(applyMutations(SEEDS, { seed: 0, mutations: [{ op: "splice", other: 1, at: 0, from: 0, length: 9 }] })).toBe(`package b${SEEDS[0]}`);
    expect(applyMutations(SEEDS, { seed: 0, mutations: [{ op: "invalid-utf8", at: 0 }] })).toBe(`\ud800${SEEDS[0]}`);
  });

  it("generates the same inputs from the same seed, so a run can be repeated", () => {
    const a = fc.sample(inputArbitrary(SEEDS.length), { seed: 42, numRuns: 20 });
    const b = fc.sample(inputArbitrary(SEEDS.length), { seed: 42, numRuns: 20 });
    expect(a).toEqual(b);
    expect(new Set(a.map((i) => applyMutations(SEEDS, i))).size).toBeGreaterThan(10);
  });
});

describe("fuzz oracle", () => {
  const clean: AnalysisResult = { findings: [], suppressed: [], skipped: [], notes: [], analyzed: [], unanalyzed: [] };
  const sentinel = { ruleId: "nil-map-write", location: { path: SENTINEL_PATH } } as Finding;

  it("puts the sentinel in the input's package", () => {
    expect(filesFor("package zz\n").map((f) => f.text.split("\n")[0])).toEqual(["package zz", "package zz"]);
    expect(filesFor("garbage")[1].text.startsWith("package p\n")).toBe(true);
  });

  it("passes a result with the sentinel's finding and fails each kind of failure", () => {
    expect(judge({ ...clean, findings: [sentinel] })).toEqual({ ok: true });
    expect(judge(clean)).toMatchObject({ ok: false, kind: "dropped finding" });
    expect(judge({ ...clean, notes: [{ path: SENTINEL_PATH, message: "syntax error at line 1" }] })).toEqual({ ok: true });
    const unanalyzed = (reason: string) => ({ ...clean, findings: [sentinel], unanalyzed: [{ dir: "fz", packageName: "p", paths: [], reason }] });
    expect(judge(unanalyzed("internal error: Maximum call stack size exceeded"))).toMatchObject({ kind: "stack overflow" });
    expect(judge(unanalyzed("the analysis took longer than its budget of 10 s (stopped in lowering)"))).toMatchObject({ kind: "over budget" });
    expect(judge(unanalyzed("internal error: x is undefined"))).toMatchObject({ kind: "internal error" });
  });
});
