// Accesses with the locks held at them, composed from callees into callers.
import { describe, expect, it } from "vitest";
import { summarise } from "./helpers.js";

const cache = `package p

import "sync"

type Cache struct {
	mu    sync.RWMutex
	items map[string]int
}
`;

describe("access summaries: locks and substitution", () => {
  it("a method writes its map under its own lock", async () => {
    const s = await summarise(`${cache}
func (c *Cache) Set(k string, v int) {
	c.mu.Lock()
	c.items[k] = v
	c.mu.Unlock()
	_ = c.items[k]
}
`);
    expect(s.lines("(*Cache).Set")).toEqual([
      "write c.items locks{c.mu:write} at (*Cache).Set@a.go:12",
      "read c.items at (*Cache).Set@a.go:14",
    ]);
  });

  it("a helper called under the caller's lock inherits it after substitution", async () => {
    const s = await summarise(`${cache}
func (c *Cache) put(k string, v int) {
	c.items[k] = v
}

func (c *Cache) Set(k string, v int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.put(k, v)
}

func (c *Cache) Bare(k string) {
	c.put(k, 0)
}
`);
    expect(s.lines("(*Cache).put")).toEqual(["write c.items at (*Cache).put@a.go:11"]);
    expect(s.lines("(*Cache).Set")).toEqual(["write c.items locks{c.mu:write} at (*Cache).Set@a.go:17 > (*Cache).put@a.go:11"]);
    expect(s.lines("(*Cache).Bare")).toEqual(["write c.items at (*Cache).Bare@a.go:21 > (*Cache).put@a.go:11"]);
  });

  it("a map passed as an argument: fill(c.items) writes the caller's c.items", async () => {
    const s = await summarise(`${cache}
func fill(m map[string]int) {
	m["a"] = 1
	delete(m, "b")
}

func (c *Cache) Reset() {
	c.mu.Lock()
	fill(c.items)
	c.mu.Unlock()
}
`);
    expect(s.lines("(*Cache).Reset")).toEqual([
      "write c.items locks{c.mu:write} at (*Cache).Reset@a.go:17 > fill@a.go:11",
      "delete c.items locks{c.mu:write} at (*Cache).Reset@a.go:17 > fill@a.go:12",
    ]);
  });

  it("RLock held while a callee writes: the write is under a read lock", async () => {
    const s = await summarise(`${cache}
func (c *Cache) bump(k string) {
	c.items[k]++
}

func (c *Cache) Get(k string) int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	c.bump(k)
	return c.items[k]
}
`);
    const get = s.of("(*Cache).Get");
    expect(get.accesses.map((a) => `${a.kind}:${a.locks.map((l) => l.mode).join()}`)).toEqual(["write:read", "read:read"]);
    expect(s.lines("(*Cache).Get")[0]).toBe("write c.items locks{c.mu:read} at (*Cache).Get@a.go:17 > (*Cache).bump@a.go:11");
  });

  it("a deferred unlock holds the lock to every return, and a deferred call runs under the locks still held", async () => {
    const s = await summarise(`${cache}
func (c *Cache) flush() {
	clear(c.items)
}

func (c *Cache) Take(k string, ok bool) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	defer c.flush()
	if ok {
		return c.items[k]
	}
	delete(c.items, k)
	return 0
}
`);
    expect(s.lines("(*Cache).Take")).toEqual([
      "clear c.items locks{c.mu:write} at (*Cache).Take@a.go:17 > (*Cache).flush@a.go:11",
      "read c.items locks{c.mu:write} at (*Cache).Take@a.go:19",
      "delete c.items locks{c.mu:write} at (*Cache).Take@a.go:21",
    ]);
  });

  it("a package map written through a callee keeps its name in every caller", async () => {
    const s = await summarise(`package p

var registry = map[string]func(){}

func register(name string, f func()) {
	registry[name] = f
}

func Init() {
	register("a", nil)
}
`);
    expect(s.lines("Init")).toEqual(["write registry at Init@a.go:10 > register@a.go:6"]);
  });
});
