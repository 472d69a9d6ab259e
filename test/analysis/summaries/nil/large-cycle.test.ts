// A cycle of calls of more than 100 functions gets one pass of nil summaries
// (build-nil-summaries.ts, LARGE_COMPONENT); a smaller one is settled.
import { describe, expect, it } from "vitest";
import { MAX_REQUIREMENT_CHAIN, MAX_REQUIRES } from "../../../../src/analysis/summaries/nil/requirements.js";
import { MAX_TOUCHED } from "../../../../src/analysis/summaries/nil/touched-paths.js";
import { summarise } from "./helpers.js";

/** f0 -> f1 -> ... -> f(n-1) -> f0, each making one map field of the Store it is handed. */
function ring(n: number): string {
  const fns = Array.from({ length: n }, (_, i) => `func f${i}(s *Store, k int) {\n\tif k > 0 {\n\t\tf${(i + 1) % n}(s, k-1)\n\t}\n\ts.m${i % 3} = map[string]int{}\n}\n`);
  return `package p\n\ntype Store struct {\n\tm0, m1, m2 map[string]int\n}\n\n${fns.join("\n")}`;
}

describe("nil summaries of a cycle of calls", () => {
  it("settles a cycle of 100 functions", async () => {
    const s = await summarise(ring(100));
    const component = s.pkg.semantic.callGraph.stronglyConnectedComponents().find((c) => c.includes(s.id("f0")));
    expect(component).toHaveLength(100);
    expect(s.summaries.unsettled).toEqual([]);
    // f0 makes m0 on every path; m1 and m2 only through the ring, when k > 0.
    expect(s.summaries.initialises(s.id("f0")).map((i) => i.fieldPath.join("."))).toEqual(["m0"]);
  });

  it("gives a cycle of 101 functions one pass and says it did not settle", async () => {
    const s = await summarise(ring(101));
    expect(s.summaries.unsettled.map((c) => c.length)).toEqual([101]);
    // Every member still has a summary.
    for (let i = 0; i < 101; i++) expect(s.summaries.summary(s.id(`f${i}`))).toBeDefined();
  });

  it("bounds what a ring of goroutine starters hands each member: requirements capped, touches taken as everything", async () => {
    // Each function writes its own package map and starts the next: without the caps every member would carry the
    // writes and touches of all 400, each with a chain round the ring.
    const n = 400;
    const vars = Array.from({ length: n }, (_, i) => `var m${i} = map[int]int{}`).join("\n");
    const fns = Array.from({ length: n }, (_, i) => `func F${i}() {\n\tm${i}[1] = 1\n\tgo F${(i + 1) % n}()\n}\n`).join("\n");
    const s = await summarise(`package p\n\n${vars}\n\n${fns}`);
    let touchingAll = 0;
    for (let i = 0; i < n; i++) {
      const summary = s.summaries.summary(s.id(`F${i}`));
      expect(summary?.requires.length).toBeLessThanOrEqual(MAX_REQUIRES);
      for (const r of summary?.requires ?? []) expect(r.chain.length).toBeLessThanOrEqual(MAX_REQUIREMENT_CHAIN);
      if (summary?.touches.all) touchingAll++;
      else expect(summary?.touches.paths.length).toBeLessThanOrEqual(MAX_TOUCHED);
    }
    // Requirements stop MAX_REQUIREMENT_CHAIN calls up the ring; touches grow until the cap takes them as everything.
    expect(Math.max(...Array.from({ length: n }, (_, i) => s.summaries.summary(s.id(`F${i}`))?.requires.length ?? 0))).toBe(MAX_REQUIREMENT_CHAIN);
    expect(touchingAll).toBeGreaterThan(0);
  });
});
