import { describe, expect, it } from "vitest";
import { stronglyConnected } from "../../../src/analysis/semantic/scc.js";

describe("stronglyConnected", () => {
  it("emits components callees first", () => {
    // 0 -> 1 -> 2 -> 1, 2 -> 3; 4 alone.
    const order = stronglyConnected([[1], [2], [1, 3], [], []]);
    const at = (n: number) => order.findIndex((c) => c.includes(n));
    expect(order.find((c) => c.includes(1))?.sort()).toEqual([1, 2]);
    expect(at(3)).toBeLessThan(at(1));
    expect(at(1)).toBeLessThan(at(0));
    expect(order.flat().sort()).toEqual([0, 1, 2, 3, 4]);
  });

  it("handles call chains far deeper than the JavaScript stack", () => {
    const n = 200_000;
    const chain = Array.from({ length: n }, (_, i) => (i + 1 < n ? [i + 1] : [0]));
    const cycle = stronglyConnected(chain);
    expect(cycle).toHaveLength(1);
    expect(cycle[0]).toHaveLength(n);
    const line = Array.from({ length: n }, (_, i) => (i + 1 < n ? [i + 1] : []));
    const order = stronglyConnected(line);
    expect(order).toHaveLength(n);
    expect(order[0]).toEqual([n - 1]);
  });
});
