// A cycle of calls of more than 100 functions gets one pass of nil summaries
// (build-nil-summaries.ts, LARGE_COMPONENT); a smaller one is settled.
import { describe, expect, it } from "vitest";
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
});
