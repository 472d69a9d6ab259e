import { describe, expect, it } from "vitest";
import { at, concurrencyOf, contextsRooted, fn, only, reachableNames } from "./helpers.js";

describe("concurrency contexts: timers and callbacks", () => {
  it("time.AfterFunc starts its callback concurrently with the rest of the function", async () => {
    const b = await concurrencyOf(`package p

import "time"

type Cache struct{ m map[string]int }

func (c *Cache) expire(k string) { delete(c.m, k) }

func (c *Cache) Put(k string) {
	c.m[k] = 1
	time.AfterFunc(time.Minute, func() { c.expire(k) })
	c.m[k+"!"] = 2
}
`);
    const timer = only(contextsRooted(b, "(*Cache).Put$1", "timer"));
    expect(timer.spawn?.span.line).toBe(11);
    expect(reachableNames(b, timer)).toEqual(["(*Cache).Put$1", "(*Cache).expire"]);
    const del = at(b, "(*Cache).expire", "delete(c.m, k)", "access");
    const after = b.cx.mayRunInParallel(at(b, "(*Cache).Put", `c.m[k+"!"] = 2`, "access"), del);
    expect(after.yes).toBe(true);
    expect(after.why).toContain("timer callback started at a.go:11 runs (*Cache).expire");
    expect(b.cx.mayRunInParallel(at(b, "(*Cache).Put", "c.m[k] = 1", "access"), del).yes).toBe(false);
  });

  it("a callback handed to a helper that starts it is a context of its own, self-concurrent when the helper starts in a loop", async () => {
    const b = await concurrencyOf(`package p

func async(f func()) { go f() }

func runAll(fs []func()) {
	for _, f := range fs {
		go f()
	}
}

var m = map[int]int{}

func first()  { m[1] = 1 }
func second() { m[2] = 2 }

func main() {
	async(func() { m[0] = 0 })
	runAll([]func(){first, second})
	m[3] = 3
}
`);
    const lit = only(contextsRooted(b, "main$1", "callback"));
    expect(lit.via?.fn).toBe(fn(b, "main").id);
    expect(lit.spawn?.fn).toBe(fn(b, "async").id);
    expect(lit.selfConcurrent).toBe(false);
    expect(lit.why).toMatch(/callback handed to async at a\.go:17, started at a\.go:3/);
    const all = only(contextsRooted(b, "first", "callback"));
    expect(all.roots.map((r) => b.ir.functions[r].name).sort()).toEqual(["first", "second"]);
    expect(all.selfConcurrent).toBe(true);
    // The helper returns with the goroutine still running: main's code after the call runs alongside.
    const later = b.cx.mayRunInParallel(at(b, "main", "m[3] = 3", "access"), at(b, "main$1", "m[0] = 0", "access"));
    expect(later.yes).toBe(true);
    expect(later.why).toContain("callback goroutine started at a.go:3 (handed over at a.go:17)");
    const self = b.cx.mayRunInParallel(at(b, "first", "m[1] = 1", "access"), at(b, "second", "m[2] = 2", "access"));
    expect(self.yes).toBe(true);
  });

  it("a goroutine started by a function called in a loop runs concurrently with itself", async () => {
    const b = await concurrencyOf(`package p

var m = map[int]int{}

func start(i int) { go func() { m[i] = i }() }

func main() {
	for i := 0; i < 3; i++ {
		start(i)
	}
}
`);
    const c = only(contextsRooted(b, "start$1", "go"));
    expect(c.selfConcurrent).toBe(true);
    expect(c.why).toMatch(/start is called in a loop at a\.go:9/);
  });

  it("a goroutine started from a handler runs concurrently with itself", async () => {
    const b = await concurrencyOf(`package p

import "net/http"

var m = map[string]int{}

func record(k string) { m[k]++ }

func serve(w http.ResponseWriter, r *http.Request) {
	go record(r.URL.Path)
}
`);
    const c = only(contextsRooted(b, "record", "go"));
    expect(c.selfConcurrent).toBe(true);
    expect(c.why).toMatch(/started from serve, which handler serve runs/);
  });
});
