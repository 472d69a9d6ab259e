import { describe, expect, it } from "vitest";
import type { Instr, Terminator } from "../../../src/analysis/lower/ir.js";
import { cfgOf, isReachable } from "../../../src/analysis/flow/cfg.js";
import { dominates, dominators, postDominators } from "../../../src/analysis/flow/dominators.js";
import { backEdges, cyclicBlocks } from "../../../src/analysis/flow/loops.js";
import { branch, fn, isNil, jump, opaque, p, ret } from "./ir-builder.js";

// 0 -> 1 | 2 -> 3; 4 unreachable -> 3
const diamond = () =>
  fn([
    [[], branch(opaque, 1, 2)],
    [[], jump(3)],
    [[], jump(3)],
    [[], ret],
    [[], jump(3)],
  ]);

// 0 -> 1 (head) -> 2 (body) -> 1; 1 -> 3 (exit)
const loop = () =>
  fn([
    [[], jump(1)],
    [[], branch(opaque, 2, 3)],
    [[], jump(1)],
    [[], ret],
  ]);

describe("cfgOf", () => {
  it("reads edges, predecessors, reverse post-order, reachability and exits off the terminators", () => {
    const cfg = cfgOf(diamond());
    expect(cfg.succs[0]).toEqual([1, 2]);
    expect(cfg.out[0].map((e) => e.kind)).toEqual(["then", "else"]);
    expect(cfg.preds[3]).toEqual([1, 2, 4]);
    expect(cfg.rpo[0]).toBe(0);
    expect(cfg.rpo[cfg.rpo.length - 1]).toBe(3);
    expect(cfg.rpo.length).toBe(4);
    expect(isReachable(cfg, 4)).toBe(false);
    expect(isReachable(cfg, 3)).toBe(true);
    expect(cfg.exits).toEqual([3]);
  });

  it("keeps both edges of a branch whose arms meet, but one successor", () => {
    const cfg = cfgOf(fn([[[], branch(isNil(p(0)), 1, 1)], [[], ret]]));
    expect(cfg.out[0].map((e) => e.kind)).toEqual(["then", "else"]);
    expect(cfg.succs[0]).toEqual([1]);
    expect(cfg.in[1]).toHaveLength(2);
  });

  it("drops edges to blocks that do not exist", () => {
    const cfg = cfgOf(fn([[[], jump(7)]]));
    expect(cfg.succs[0]).toEqual([]);
  });
});

describe("dominators", () => {
  it("finds the branch as the merge's dominator and the merge as the branch's post-dominator", () => {
    const cfg = cfgOf(diamond());
    const dom = dominators(cfg);
    expect(dom.idom[3]).toBe(0);
    expect(dominates(dom, 0, 3)).toBe(true);
    expect(dominates(dom, 1, 3)).toBe(false);
    expect(dominates(dom, 4, 3)).toBe(false);
    const post = postDominators(cfg);
    expect(post.idom[0]).toBe(3);
    expect(dominates(post, 3, 1)).toBe(true);
    expect(dominates(post, 1, 0)).toBe(false);
  });

  it("handles a 100,000-block chain iteratively", () => {
    const n = 100_000;
    const blocks: [Instr[], Terminator][] = [];
    for (let i = 0; i < n - 1; i++) blocks.push([[], jump(i + 1)]);
    blocks.push([[], ret]);
    const cfg = cfgOf(fn(blocks));
    const dom = dominators(cfg);
    expect(dominates(dom, 10, n - 1)).toBe(true);
    expect(dominates(dom, n - 1, 10)).toBe(false);
    expect(dominates(postDominators(cfg), n - 1, 0)).toBe(true);
    expect(backEdges(cfg)).toEqual([]);
    expect(cyclicBlocks(cfg).some((x) => x === 1)).toBe(false);
  });
});

describe("loops", () => {
  it("finds the back edge to the loop head and the blocks on the cycle", () => {
    const cfg = cfgOf(loop());
    expect(backEdges(cfg)).toEqual([{ from: 2, to: 1, kind: "jump" }]);
    expect([...cyclicBlocks(cfg)]).toEqual([0, 1, 1, 0]);
  });

  it("counts a block that jumps to itself as a cycle", () => {
    const cfg = cfgOf(fn([[[], jump(1)], [[], branch(opaque, 1, 2)], [[], ret]]));
    expect([...cyclicBlocks(cfg)]).toEqual([0, 1, 0]);
  });
});
