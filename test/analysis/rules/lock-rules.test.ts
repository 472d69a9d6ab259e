// The lock rules' fixes and messages, beyond what the fixtures show: the
// maps.Clone fix follows the module's go directive and adds the import;
// RLock upgrades touch every matching RUnlock; no fix where it could deadlock.
import { describe, expect, it } from "vitest";
import type { Finding } from "../../../src/analysis/types.js";
import { analyze, applyFix } from "../helpers.js";

const path = "cache/cache.go";

const GETTER = `package cache

import "sync"

type Cache struct {
	mu    sync.Mutex
	items map[string]int
}

func (c *Cache) Put(k string, v int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.items[k] = v
}

func (c *Cache) Items() map[string]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.items
}
`;

async function only(text: string, ruleId: string, goVersion?: string): Promise<Finding> {
  const result = await analyze([{ path, text }], goVersion ? { goVersion } : undefined);
  const found = result.findings.filter((f) => f.ruleId === ruleId);
  expect(found, JSON.stringify(result.findings, null, 1)).toHaveLength(1);
  return found[0];
}

describe("map-escapes-lock", () => {
  it("names the method, the map and the mutex, and points at a write under the lock", async () => {
    const f = await only(GETTER, "map-escapes-lock");
    expect(f.location.startLine).toBe(19);
    expect(f.message).toContain("`Items` returns `c.items` itself while holding `c.mu`");
    expect(f.related.map((r) => r.location.startLine)).toEqual([13]);
  });

  it("offers a copy loop without a go directive, and maps.Clone with its import from go 1.21", async () => {
    const loop = applyFix({ path, text: GETTER }, await only(GETTER, "map-escapes-lock"));
    expect(loop).toContain("\tcp := make(map[string]int, len(c.items))\n\tfor k, v := range c.items {\n\t\tcp[k] = v\n\t}\n\treturn cp\n");
    expect(applyFix({ path, text: GETTER }, await only(GETTER, "map-escapes-lock", "1.20"))).toBe(loop);

    const cloned = applyFix({ path, text: GETTER }, await only(GETTER, "map-escapes-lock", "1.22.1"));
    expect(cloned).toContain('import (\n\t"maps"\n\t"sync"\n)\n');
    expect(cloned).toContain("\treturn maps.Clone(c.items)\n");
    const again = await analyze([{ path, text: cloned }], { goVersion: "1.22.1" });
    expect(again.findings.filter((x) => x.ruleId === "map-escapes-lock")).toEqual([]);
  });
});

describe("map-write-under-rlock", () => {
  it("upgrades the RLock and every matching RUnlock, early returns included", async () => {
    const text = `package cache

import "sync"

type Cache struct {
	mu    sync.RWMutex
	items map[string]int
}

func (c *Cache) Bump(k string) bool {
	c.mu.RLock()
	if _, ok := c.items[k]; !ok {
		c.mu.RUnlock()
		return false
	}
	c.items[k]++
	c.mu.RUnlock()
	return true
}
`;
    const f = await only(text, "map-write-under-rlock");
    expect(f.location.startLine).toBe(16);
    expect(f.related.map((r) => r.location.startLine)).toEqual([11]);
    expect(f.fix?.edits.map((e) => [e.startLine, e.replacement.trim()])).toEqual([
      [11, "c.mu.Lock()"],
      [13, "c.mu.Unlock()"],
      [17, "c.mu.Unlock()"],
    ]);
  });

  it("names an embedded RWMutex by its type and upgrades `c.RLock()` to `c.Lock()`", async () => {
    const text = `package cache

import "sync"

type Cache struct {
	sync.RWMutex
	items map[string]int
}

func (c *Cache) Forget(k string) {
	c.RLock()
	defer c.RUnlock()
	delete(c.items, k)
}
`;
    const f = await only(text, "map-write-under-rlock");
    expect(f.message).toContain("while `c.RWMutex` is only read-locked");
    expect(f.fix?.edits.map((e) => e.replacement.trim())).toEqual(["c.Lock()", "defer c.Unlock()"]);
  });

  it("offers no upgrade when the method calls another method on the same value", async () => {
    const text = `package cache

import "sync"

type Cache struct {
	mu    sync.RWMutex
	items map[string]int
}

func (c *Cache) size() int { return 0 }

func (c *Cache) Touch(k string) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	c.items[k] = c.size()
}
`;
    expect((await only(text, "map-write-under-rlock")).fix).toBeUndefined();
  });
});

describe("map-unguarded-field", () => {
  const store = (extra: string) => `package store

import "sync"

type Store struct {
	mu   sync.RWMutex
	byID map[int]string
}

func (s *Store) Put(id int, v string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.byID[id] = v
}

func (s *Store) Get(id int) string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.byID[id]
}
${extra}`;

  it("takes the read lock at the top of a method that only reads an RWMutex-guarded map", async () => {
    const text = store(`
func (s *Store) Has(id int) bool {
	_, ok := s.byID[id]
	return ok
}
`);
    const f = await only(text, "map-unguarded-field");
    expect(f.message).toContain("`Has` reads it without holding `s.mu`");
    expect(f.fix?.edits[0].replacement).toBe("func (s *Store) Has(id int) bool {\n\ts.mu.RLock()\n\tdefer s.mu.RUnlock()");
  });

  it("takes the write lock for a method that writes, and offers nothing when it calls another method", async () => {
    const writes = await only(store(`
func (s *Store) Drop(id int) {
	delete(s.byID, id)
}
`), "map-unguarded-field");
    expect(writes.fix?.edits[0].replacement).toContain("\ts.mu.Lock()\n\tdefer s.mu.Unlock()");
    const calls = await only(store(`
func (s *Store) Drop(id int) {
	if s.Get(id) != "" {
		delete(s.byID, id)
	}
}
`), "map-unguarded-field");
    expect(calls.fix).toBeUndefined();
  });

  it("stays silent while only one method locks: the convention is not established", async () => {
    const text = `package store

import "sync"

type Store struct {
	mu   sync.Mutex
	byID map[int]string
}

func (s *Store) Put(id int, v string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.byID[id] = v
}

func (s *Store) Get(id int) string {
	return s.byID[id]
}
`;
    const result = await analyze([{ path, text }]);
    expect(result.findings.filter((f) => f.ruleId === "map-unguarded-field")).toEqual([]);
  });
});
