// A cycle of calls of more than LARGE_COMPONENT functions gets two rounds of
// access summaries (build-access-summaries.ts), a smaller one the usual three.
import { describe, expect, it } from "vitest";
import { LARGE_COMPONENT_ROUNDS, MAX_ROUNDS, roundsFor } from "../../../src/analysis/summaries/build-access-summaries.js";
import { LARGE_COMPONENT } from "../../../src/analysis/summaries/settle-component.js";
import { summarise } from "./helpers.js";

/** F0 -> F1 -> ... -> F(n-1) -> F0, each writing its own package map first; `extra` adds a second call, to F(i*7+3). */
function ring(n: number, extra = false): string {
  const vars = Array.from({ length: n }, (_, i) => `var m${i} = map[int]int{}`).join("\n");
  const call = (j: number): string => `\t\tF${j % n}(k - 1)\n`;
  const fns = Array.from({ length: n }, (_, i) => `func F${i}(k int) {\n\tm${i}[k] = 1\n\tif k > 0 {\n${call(i + 1)}${extra ? call(i * 7 + 3) : ""}\t}\n}\n`);
  return `package p\n\n${vars}\n\n${fns.join("\n")}`;
}

/** How many of the package maps `g:m0`, `g:m1`... the accesses write. */
const written = (keys: readonly string[]): number => new Set(keys.filter((k) => /^g:m\d+$/.test(k))).size;

describe("access summaries of a large cycle of calls", () => {
  it("give a cycle over the size two rounds, never one, and one at the size the usual rounds", () => {
    expect(LARGE_COMPONENT_ROUNDS).toBe(2);
    expect(roundsFor(LARGE_COMPONENT, MAX_ROUNDS)).toBe(MAX_ROUNDS);
    expect(roundsFor(LARGE_COMPONENT + 1, MAX_ROUNDS)).toBe(2);
    // A caller asking for fewer rounds still gets fewer.
    expect(roundsFor(LARGE_COMPONENT + 1, 1)).toBe(1);
  });

  it("still carry every member's writes to every member of a ring over the size", async () => {
    const n = LARGE_COMPONENT + 1;
    const s = await summarise(ring(n));
    for (const i of [0, 50, n - 1]) expect(written(s.of(`F${i}`).accesses.map((a) => a.key)), `F${i}`).toBe(n);
  });

  it("say a cycle over the size that did not settle in its two rounds did not, and keep what it found", async () => {
    const n = LARGE_COMPONENT + 1;
    const s = await summarise(ring(n, true));
    const f0 = s.of("F0");
    expect(f0.converged).toBe(false);
    expect(written(f0.accesses.map((a) => a.key))).toBe(n);
  });
});
