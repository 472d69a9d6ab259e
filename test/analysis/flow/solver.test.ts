import { describe, expect, it } from "vitest";
import type { Instr, IrFunction } from "../../../src/analysis/lower/ir.js";
import { type Analysis, solveBackward, solveForward } from "../../../src/analysis/flow/solver.js";
import { pathKey } from "../../../src/analysis/flow/path-key.js";
import { access, assign, branch, fn, isNil, jump, makeV, opaque, p, ret } from "./ir-builder.js";

type Names = readonly string[];

/** Which paths may (union) or must (intersection) have been assigned: sorted arrays of keys. */
function assigned(mode: "may" | "must"): Analysis<Names> {
  return {
    boundary: [],
    join: (a, b) => (mode === "may" ? [...new Set([...a, ...b])].sort() : a.filter((x) => b.includes(x))),
    equals: (a, b) => a.length === b.length && a.every((x, i) => x === b[i]),
    transfer: (fact, instr) => {
      if (instr.op !== "assign") return fact;
      const key = pathKey(instr.targets[0] ?? p(99));
      return fact.includes(key) ? fact : [...fact, key].sort();
    },
  };
}

/** Paths read later (backward, may): liveness of accessed paths. */
const used: Analysis<Names> = {
  boundary: [],
  join: (a, b) => [...new Set([...a, ...b])].sort(),
  equals: (a, b) => a.length === b.length && a.every((x, i) => x === b[i]),
  transfer: (fact, instr) => (instr.op === "access" && !fact.includes(pathKey(instr.path)) ? [...fact, pathKey(instr.path)].sort() : fact),
};

// 0: branch -> 1 | 2; 1: a = ; 2: b = ; both -> 3; 3: c = ; 4 (unreachable): d = -> 3
function diamond(): IrFunction {
  return fn([
    [[], branch(opaque, 1, 2)],
    [[assign(p(0), makeV)], jump(3)],
    [[assign(p(1), makeV)], jump(3)],
    [[assign(p(2), makeV), access(p(0), "read")], ret],
    [[assign(p(3), makeV)], jump(3)],
  ]);
}

describe("solveForward", () => {
  it("joins the arms of a diamond: union for may, intersection for must, and skips unreachable blocks", () => {
    const f = diamond();
    const may = solveForward(f, assigned("may"));
    expect(may.converged).toBe(true);
    expect(may.entry[3]).toEqual(["v0", "v1"]);
    expect(may.exit[3]).toEqual(["v0", "v1", "v2"]);
    expect(may.entry[4]).toBeUndefined();
    const must = solveForward(f, assigned("must"));
    expect(must.entry[3]).toEqual([]);
    expect(must.exit[3]).toEqual(["v2"]);
  });

  it("answers before and after each instruction, by position and by identity", () => {
    const f = diamond();
    const s = solveForward(f, assigned("may"));
    expect(s.before(3, 0)).toEqual(["v0", "v1"]);
    expect(s.after(3, 0)).toEqual(["v0", "v1", "v2"]);
    expect(s.before(3, 2)).toEqual(["v0", "v1", "v2"]);
    const read = f.blocks[3].instrs[1];
    expect(s.beforeInstr(read)).toEqual(["v0", "v1", "v2"]);
    expect(s.beforeInstr(f.blocks[4].instrs[0])).toBeUndefined();
    expect(s.beforeInstr(access(p(0)))).toBeUndefined();
  });

  it("iterates a loop to its fixpoint: what the body assigns reaches the loop head", () => {
    // 0 -> 1 (head: branch 2 | 3); 2: body, a = ; -> 1; 3: exit
    const f = fn([
      [[], jump(1)],
      [[], branch(opaque, 2, 3)],
      [[assign(p(0), makeV)], jump(1)],
      [[], ret],
    ]);
    const s = solveForward(f, assigned("may"));
    expect(s.converged).toBe(true);
    expect(s.entry[1]).toEqual(["v0"]);
    expect(s.entry[3]).toEqual(["v0"]);
    expect(solveForward(f, assigned("must")).entry[1]).toEqual([]);
  });

  it("refines facts per edge, and an edge that returns undefined is not taken", () => {
    const f = fn([
      [[], branch(isNil(p(0)), 1, 2)],
      [[assign(p(1), makeV)], jump(3)],
      [[assign(p(2), makeV)], jump(3)],
      [[], ret],
    ]);
    const analysis: Analysis<Names> = { ...assigned("may"), edge: (fact, e) => (e.kind === "then" ? undefined : [...fact, `edge:${e.kind}`].sort()) };
    const s = solveForward(f, analysis);
    expect(s.entry[1]).toBeUndefined();
    expect(s.entry[2]).toEqual(["edge:else"]);
    expect(s.entry[3]).toEqual(["edge:else", "edge:jump", "v2"]);
  });

  it("walks a straight chain of 100,000 blocks without overflowing the stack, in one visit per block", () => {
    const n = 100_000;
    const blocks: [Instr[], ReturnType<typeof jump>][] = [];
    for (let i = 0; i < n - 1; i++) blocks.push([i === 500 ? [assign(p(0), makeV)] : [], jump(i + 1)]);
    const f = fn([...blocks, [[access(p(1), "read")], { kind: "return" }]]);
    const s = solveForward(f, assigned("may"));
    expect(s.converged).toBe(true);
    expect(s.visits).toBe(n);
    expect(s.entry[n - 1]).toEqual(["v0"]);
    expect(s.entry[500]).toEqual([]);
    const back = solveBackward(f, used);
    expect(back.converged).toBe(true);
    expect(back.entry[0]).toEqual(["v1"]);
  });

  it("stops at the visit cap with converged: false on a lattice that never stabilises", () => {
    // A counter that grows around a loop forever.
    const f = fn([
      [[], jump(1)],
      [[access(p(0), "read")], branch(opaque, 1, 2)],
      [[], ret],
    ]);
    const counter: Analysis<number> = {
      boundary: 0,
      join: Math.max,
      equals: (a, b) => a === b,
      transfer: (x) => x + 1,
      maxVisits: 50,
    };
    const s = solveForward(f, counter);
    expect(s.converged).toBe(false);
    expect(s.visits).toBe(50);
  });
});

describe("solveBackward", () => {
  it("flows from the exits to the entry, joining the arms", () => {
    const f = fn([
      [[access(p(3), "read")], branch(opaque, 1, 2)],
      [[access(p(0), "read")], jump(3)],
      [[access(p(1), "read")], jump(3)],
      [[access(p(2), "read")], ret],
    ]);
    const s = solveBackward(f, used);
    expect(s.converged).toBe(true);
    expect(s.exit[0]).toEqual(["v0", "v1", "v2"]);
    expect(s.entry[0]).toEqual(["v0", "v1", "v2", "v3"]);
    expect(s.entry[1]).toEqual(["v0", "v2"]);
    // In program order: before the read of v0 it is still to come; after it, not.
    expect(s.before(1, 0)).toEqual(["v0", "v2"]);
    expect(s.after(1, 0)).toEqual(["v2"]);
  });
});
