// Lock facts of the package model: which mutex is held, in which mode, at
// every map access; identity across methods; copies; conventions.
import { describe, expect, it } from "vitest";
import { loadGo } from "../../../src/analysis/go/load-go.js";
import { withParsedTrees } from "../../../src/analysis/go/parse.js";
import { packageNameOf } from "../../../src/analysis/group-packages.js";
import { buildPackageModel } from "../../../src/analysis/model/build-package.js";
import { heldByCallers } from "../../../src/analysis/model/lock-callers.js";
import { commonLock, guardOf, lockTextAt } from "../../../src/analysis/model/lock-queries.js";
import type { MapEvent, PackageModel } from "../../../src/analysis/model/model-types.js";

async function model(text: string): Promise<PackageModel> {
  const { parser } = await loadGo();
  return withParsedTrees(parser, [{ path: "p/a.go", text }], (outcomes) => {
    const o = outcomes[0];
    if (!o.ok) throw new Error(o.reason);
    return buildPackageModel("p", "p", [{ path: "p/a.go", text, packageName: packageNameOf(o.value.rootNode), root: o.value.rootNode }]);
  });
}

function events(pkg: PackageModel, name: string): MapEvent[] {
  return pkg.symbols.filter((s) => s.name === name).flatMap((s) => pkg.events.get(s.id) ?? []);
}

/** `line:kind held...` for every event of `name`, e.g. "12:write C.mu/write". */
function held(pkg: PackageModel, name: string): string[] {
  return events(pkg, name).map((e) => `${e.location.startLine}:${e.kind} ${e.context.locksHeld.map((h) => `${h.mutex}/${h.mode}`).join(",")}`.trim());
}

const HEADER = `package p

import "sync"

type C struct {
	mu sync.RWMutex
	m  map[string]int
}
`;

describe("lock regions", () => {
  it("follows Lock/Unlock straight-line, RLock in read mode, and a deferred unlock to the end", async () => {
    const pkg = await model(`${HEADER}
func (c *C) a(k string) {
	c.m[k] = 1
	c.mu.Lock()
	c.m[k] = 2
	c.mu.Unlock()
	c.m[k] = 3
}

func (c *C) b(k string) int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if k == "" {
		return 0
	}
	return c.m[k]
}
`);
    expect(held(pkg, "m")).toEqual(["11:write", "13:write C.mu/write", "15:write", "24:read C.mu/read"]);
    const deferred = events(pkg, "m").at(-1)?.context.locksHeld[0];
    expect(deferred?.untilReturn).toBe(true);
  });

  it("forgets what one branch locks, keeps a lock an early-return branch releases", async () => {
    const pkg = await model(`${HEADER}
func (c *C) a(k string, lock bool) {
	if lock {
		c.mu.Lock()
	}
	c.m[k] = 1
}

func (c *C) b(k string) {
	c.mu.Lock()
	if k == "" {
		c.mu.Unlock()
		return
	}
	c.m[k] = 2
	c.mu.Unlock()
}
`);
    expect(held(pkg, "m")).toEqual(["14:write", "23:write C.mu/write"]);
  });

  it("knows embedded, package-level and local mutexes, and a value receiver's copy", async () => {
    const pkg = await model(`package p

import "sync"

type E struct {
	sync.Mutex
	m map[string]int
}

var (
	regMu sync.Mutex
	reg   = map[string]int{}
)

func (e *E) a(k string) {
	e.Lock()
	e.m[k] = 1
	e.Unlock()
}

func (e E) b(k string) int {
	e.Lock()
	defer e.Unlock()
	return e.m[k]
}

func put(k string) {
	regMu.Lock()
	reg[k] = 1
	regMu.Unlock()
	var mu sync.Mutex
	local := map[string]int{}
	mu.Lock()
	local[k] = 1
	mu.Unlock()
}
`);
    expect(held(pkg, "m")).toEqual(["17:write E.Mutex/write", expect.stringMatching(/^24:read copy:fn\d+\.e\.Mutex\/write$/)]);
    expect(events(pkg, "m")[1].context.locksHeld[0].copy).toBe(true);
    expect(held(pkg, "reg")).toContain("29:write pkg.regMu/write");
    expect(held(pkg, "local")).toEqual(["32:declare", expect.stringMatching(/^34:write fn\d+\.mu\/write$/)]);
  });

  it("holds nothing inside a goroutine; a synchronous callback inherits; a deferred literal keeps only deferred unlocks", async () => {
    const pkg = await model(`${HEADER}
func (c *C) a(keys []string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	go func() {
		c.m["x"] = 1
	}()
	each(keys, func(k string) {
		c.m[k] = 2
	})
}

func (c *C) b(k string) {
	c.mu.Lock()
	c.mu.Unlock()
	defer func() {
		c.m[k] = 3
	}()
}

func each(keys []string, f func(string)) {
	for _, k := range keys {
		f(k)
	}
}
`);
    expect(held(pkg, "m")).toEqual(["14:write", "17:write C.mu/write", "25:write"]);
  });

  it("answers which mutex guards a map, how to name it, and whether two accesses share it", async () => {
    const pkg = await model(`${HEADER}
func (c *C) Set(k string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.m[k] = 1
}

func (c *C) Get(k string) int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.m[k]
}

func (c *C) Peek(k string) int {
	return c.m[k]
}

func (c *C) Reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.clear()
}

func (c *C) clear() {
	for k := range c.m {
		delete(c.m, k)
	}
}

// dropLocked drops one key.
func (c *C) dropLocked(k string) {
	delete(c.m, k)
}
`);
    const field = pkg.symbols.find((s) => s.name === "m" && s.kind === "field");
    const guard = field ? guardOf(pkg, field) : null;
    expect(guard?.mutex).toBe("C.mu");
    expect(guard?.kind).toBe("RWMutex");
    expect(lockTextAt(guard!, events(pkg, "m")[0].base)).toBe("c.mu");
    const [set, get, peek] = events(pkg, "m");
    expect(commonLock(pkg, set, get)).toBe("C.mu");
    expect(commonLock(pkg, set, peek)).toBeNull();
    const fn = (name: string) => pkg.functions.findIndex((f) => f.name === name);
    expect(heldByCallers(pkg, fn("clear"), "C.mu")).toBe(true);
    expect(heldByCallers(pkg, fn("dropLocked"), "C.mu")).toBe(true);
    expect(heldByCallers(pkg, fn("Peek"), "C.mu")).toBe(false);
  });

  it("reads the caller-holds convention from doc comments", async () => {
    const pkg = await model(`${HEADER}
// evict drops k. Must be called with c.mu held.
func (c *C) evict(k string) { delete(c.m, k) }

// purge empties the map; the caller must hold the lock.
func (c *C) purge() { c.m = map[string]int{} }

// size reports how many entries there are.
func (c *C) size() int { return len(c.m) }
`);
    const holds = pkg.functions.map((f) => [f.name, pkg.locks.functions.get(f.index)?.callerHolds ?? null]);
    expect(holds).toEqual([
      ["evict", "doc"],
      ["purge", "doc"],
      ["size", null],
    ]);
  });
});
