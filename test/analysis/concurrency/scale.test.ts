import { describe, expect, it } from "vitest";
import { at, concurrencyOf, contextsRooted, only } from "./helpers.js";

describe("concurrency at scale", () => {
  it("follows a call chain thousands deep without recursion, and many goroutines in one function stay fast", async () => {
    const depth = 3000;
    const chain = Array.from({ length: depth }, (_, i) => (i + 1 < depth ? `func f${i}() { f${i + 1}() }` : `func f${i}() { m[0] = 0 }`)).join("\n");
    const spawns = Array.from({ length: 1500 }, (_, i) => `\twg.Add(1)\n\tgo func() { defer wg.Done(); m[${i}] = ${i} }()\n\twg.Wait()`).join("\n");
    const src = `package p

import "sync"

var m = map[int]int{}

${chain}

func main() {
	for i := 0; i < 2; i++ {
		go f0()
	}
}

func many() {
	var wg sync.WaitGroup
${spawns}
}
`;
    const b = await concurrencyOf(src, { all: true });
    // The semantic model is built by then; what is timed is this layer's own work.
    const started = performance.now();
    const deep = only(contextsRooted(b, "f0", "go"));
    expect(b.cx.reachable(deep.id).size).toBe(depth);
    const last = at(b, `f${depth - 1}`, "m[0] = 0", "access");
    expect(b.cx.mayRunInParallel(last, last).yes).toBe(true);
    const first = at(b, "many$1", "m[0] = 0 }()", "access");
    const end = at(b, "many$1500", "m[1499] = 1499", "access");
    expect(b.cx.mayRunInParallel(first, end).yes).toBe(false);
    expect(performance.now() - started).toBeLessThan(3_000);
  });
});
