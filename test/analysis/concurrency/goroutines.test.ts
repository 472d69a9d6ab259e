import { describe, expect, it } from "vitest";
import { at, concurrencyOf, contextsRooted, fn, only, reachableNames } from "./helpers.js";

describe("concurrency contexts: go statements", () => {
  it("a literal started in a loop runs concurrently with itself", async () => {
    const b = await concurrencyOf(`package p

func run(m map[int]int) {
	for i := 0; i < 3; i++ {
		go func() {
			m[i] = i
		}()
	}
}

func once(m map[int]int) {
	go func() {
		m[1] = 1
	}()
}
`);
    const loop = only(contextsRooted(b, "run$1", "go"));
    expect(loop.selfConcurrent).toBe(true);
    expect(loop.why).toMatch(/loop at a\.go:5/);
    expect(loop.spawn?.fn).toBe(fn(b, "run").id);
    expect(loop.spawn?.span.line).toBe(5);
    const write = at(b, "run$1", "m[i] = i", "access");
    const ans = b.cx.mayRunInParallel(write, write);
    expect(ans.yes).toBe(true);
    expect(ans.why).toMatch(/goroutine started at a\.go:5 runs run\$1/);
    const single = only(contextsRooted(b, "once$1", "go"));
    expect(single.selfConcurrent).toBe(false);
    const w2 = at(b, "once$1", "m[1] = 1", "access");
    expect(b.cx.mayRunInParallel(w2, w2).yes).toBe(false);
  });

  it("starts methods through method values and calls", async () => {
    const b = await concurrencyOf(`package p

type Cache struct{ m map[string]int }

func (c *Cache) put(k string) { c.m[k] = 1 }

func start(c *Cache) {
	f := c.put
	go f("a")
}

func direct(c *Cache) {
	go c.put("b")
}
`);
    const viaValue = b.cx.contexts.filter((c) => c.spawn?.fn === fn(b, "start").id);
    expect(viaValue.map((c) => c.roots.map((r) => b.ir.functions[r].name))).toEqual([["(*Cache).put"]]);
    const viaCall = only(b.cx.contexts.filter((c) => c.spawn?.fn === fn(b, "direct").id));
    expect(reachableNames(b, viaCall)).toEqual(["(*Cache).put"]);
    expect(b.cx.contextsOf(fn(b, "(*Cache).put").id)).toHaveLength(2);
    // Two different goroutines, each started once and never joined: they may overlap.
    const w = at(b, "(*Cache).put", "c.m[k] = 1", "access");
    expect(b.cx.mayRunInParallel(w, w).yes).toBe(true);
  });

  it("reaches a method in another file from a worker started in one", async () => {
    const b = await concurrencyOf({
      "p/worker.go": `package p

func startWorkers(c *Cache) {
	go worker(c)
}

func worker(c *Cache) {
	for {
		c.store("k")
	}
}
`,
      "p/cache.go": `package p

type Cache struct{ m map[string]int }

func (c *Cache) store(k string) { c.save(k) }

func (c *Cache) save(k string) { c.m[k] = 1 }

func (c *Cache) unused() {}
`,
    });
    const w = only(contextsRooted(b, "worker", "go"));
    expect(reachableNames(b, w)).toEqual(["(*Cache).save", "(*Cache).store", "worker"]);
    expect(b.cx.contextsOf(fn(b, "(*Cache).save").id).map((c) => c.id)).toEqual([w.id]);
    expect(b.cx.contextsOf(fn(b, "(*Cache).unused").id)).toEqual([]);
  });

  it("a function never started concurrently has no context and is not parallel with itself", async () => {
    const b = await concurrencyOf(`package p

func fill(m map[int]int) {
	for i := 0; i < 3; i++ {
		m[i] = i
	}
}

func main() {
	fill(map[int]int{})
}
`);
    expect(b.cx.contexts).toEqual([]);
    const w = at(b, "fill", "m[i] = i", "access");
    const ans = b.cx.mayRunInParallel(w, w);
    expect(ans.yes).toBe(false);
    expect(ans.why).toMatch(/neither fill nor fill/);
  });
});
