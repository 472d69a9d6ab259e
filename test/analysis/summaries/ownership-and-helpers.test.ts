// Ownership of what a function makes, map variables replaced, lock helpers, caps.
import { describe, expect, it } from "vitest";
import { summarise } from "./helpers.js";

const cache = `package p

import "sync"

type Cache struct {
	mu    sync.Mutex
	items map[string]int
}
`;

describe("access summaries: ownership, replacement, helpers and caps", () => {
  it("a local map made, filled and returned is owned, and so is its caller's copy", async () => {
    const s = await summarise(`package p

var shared = map[string]int{}

func build() map[string]int {
	m := make(map[string]int)
	m["x"] = 1
	return m
}

func use() {
	m := build()
	m["y"] = 2
}

func leak() {
	m := make(map[string]int)
	m["z"] = 3
	shared = m
}
`);
    expect(s.lines("build")).toEqual(["write m owned at build@a.go:7", "fresh results 0"]);
    expect(s.lines("use")).toEqual(["write m owned at use@a.go:13"]);
    // Stored into a package variable: shared with every goroutine, not owned.
    expect(s.lines("leak")).toEqual(["write m local at leak@a.go:18", "replace shared at leak@a.go:19"]);
  });

  it("a map captured by a goroutine or sent on a channel is not owned", async () => {
    const s = await summarise(`package p

func spawn(ch chan map[int]int) {
	a := map[int]int{}
	go func() { a[1] = 1 }()
	a[2] = 2
	b := map[int]int{}
	ch <- b
	b[3] = 3
}
`);
    expect(s.of("spawn").accesses.map((a) => `${a.origin.span.line}:${a.owned}`)).toEqual(["6:false", "9:false"]);
  });

  it("a constructor owns the fields it writes through its own helper right after making the value", async () => {
    const s = await summarise(`${cache}
func (c *Cache) init() {
	c.items = make(map[string]int)
	c.items["boot"] = 1
}

func NewCache() *Cache {
	c := &Cache{}
	c.init()
	return c
}
`);
    expect(s.lines("(*Cache).init")).toEqual(["replace c.items at (*Cache).init@a.go:11", "write c.items at (*Cache).init@a.go:12"]);
    expect(s.lines("NewCache")).toEqual([
      "replace c.items owned at NewCache@a.go:17 > (*Cache).init@a.go:11",
      "write c.items owned at NewCache@a.go:17 > (*Cache).init@a.go:12",
      "fresh results 0",
    ]);
  });

  it("replacing a map field races like a write; reassigning a parameter does not reach the caller", async () => {
    const s = await summarise(`${cache}
func reset(m map[string]int) {
	m = nil
	_ = m
}

func (c *Cache) Clear() {
	c.items = nil
	reset(c.items)
}
`);
    expect(s.lines("reset")).toEqual(["replace m at reset@a.go:11"]);
    expect(s.lines("(*Cache).Clear")).toEqual(["replace c.items at (*Cache).Clear@a.go:16"]);
  });

  it("lockAndGet and unlock helpers compose: the caller's accesses between them are locked, and a callee's access after an unlock helper is not", async () => {
    const s = await summarise(`${cache}
func (c *Cache) lock() { c.mu.Lock() }

func (c *Cache) unlock() { c.mu.Unlock() }

func (c *Cache) unlockThenRead(k string) int {
	c.mu.Unlock()
	return c.items[k]
}

func (c *Cache) Put(k string) {
	c.lock()
	c.items[k] = 1
	c.unlock()
	c.items[k] = 2
}

func (c *Cache) Get(k string) int {
	c.mu.Lock()
	return c.unlockThenRead(k)
}
`);
    expect(s.lines("(*Cache).lock")).toEqual(["returns holding {c.mu:write}"]);
    expect(s.lines("(*Cache).unlock")).toEqual(["releases the caller's {c.mu:write}"]);
    expect(s.lines("(*Cache).Put")).toEqual(["write c.items locks{c.mu:write} at (*Cache).Put@a.go:21", "write c.items at (*Cache).Put@a.go:23"]);
    expect(s.lines("(*Cache).unlockThenRead")).toEqual(["read c.items released{c.mu:write} at (*Cache).unlockThenRead@a.go:16", "releases the caller's {c.mu:write}"]);
    // Get holds c.mu at the call, but the callee let it go before reading.
    expect(s.of("(*Cache).Get").accesses[0].locks).toEqual([]);
  });

  it("a helper that lets the caller's lock go around a callback and takes it again leaves it held after the call", async () => {
    const s = await summarise(`${cache}
func (c *Cache) notify(cb func()) {
	if cb != nil {
		c.mu.Unlock()
		cb()
		c.mu.Lock()
	}
}

func (c *Cache) Put(k string, cb func()) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.notify(cb)
	c.items[k] = 1
}
`);
    expect(s.lines("(*Cache).notify")).toEqual(["returns holding {c.mu:write}", "releases the caller's {c.mu:write}"]);
    expect(s.of("(*Cache).Put").accesses[0].locks.map((l) => l.key)).toEqual(["v0.mu"]);
  });

  it("a value receiver locks a copy: its lock does not guard the caller's map", async () => {
    const s = await summarise(`${cache}
func (c Cache) get(k string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.items[k]
}

func (c *Cache) Get(k string) int { return c.get(k) }
`);
    expect(s.lines("(Cache).get")).toEqual(["read c.items locks{c.mu:write} at (Cache).get@a.go:13"]);
    expect(s.lines("(*Cache).Get")).toEqual(["read c.items at (*Cache).Get@a.go:16 > (Cache).get@a.go:13"]);
  });

  it("caps the accesses a summary keeps, first in source order, and says how many were cut", async () => {
    const writes = Array.from({ length: 8 }, (_, i) => `\tglobal[${i}] = ${i}`).join("\n");
    const s = await summarise(`package p\n\nvar global = map[int]int{}\n\nfunc many() {\n${writes}\n}\n\nfunc top() { many() }\n`, { maxAccesses: 3 });
    expect(s.of("many").accesses.map((a) => a.origin.span.line)).toEqual([6, 7, 8]);
    expect(s.of("many").cut).toBe(5);
    expect(s.of("top").accesses).toHaveLength(3);
    expect(s.of("top").cut).toBeGreaterThan(0);
  });

  it("past the cap, still lets a function's own access replace the longer way to it that a call of itself brought in", async () => {
    const writes = Array.from({ length: 4 }, (_, i) => `\tglobal[${i}] = ${i}`).join("\n");
    const s = await summarise(`package p\n\nvar global = map[int]int{}\n\nfunc rec(n int) {\n\tif n > 0 {\n\t\trec(n - 1)\n\t}\n${writes}\n}\n`, { maxAccesses: 3 });
    expect(s.of("rec").accesses.map((a) => [a.origin.span.line, a.chain.length])).toEqual([
      [9, 0],
      [10, 0],
      [11, 0],
    ]);
  });
});
