// Locks held from Go source through lowerPackage: the locks at each marked access.
import { describe, expect, it } from "vitest";
import { locksHeld } from "../../../src/analysis/flow/locks-held.js";
import { lineOf, lowered } from "./go-helpers.js";

const header = `package p

import "sync"

type C struct {
	mu sync.RWMutex
	m  map[string]int
}
`;

/** Held locks (`key:mode`, keys shown with the receiver's name) at the accesses marked `// A1`, `// A2`... of method get. */
async function heldAt(body: string, markers: string[]): Promise<{ held: (string[] | null)[]; exit: string[]; released: string[] }> {
  const source = `${header}\nfunc (c *C) get(k string, ok bool, xs []string) int {\n${body}\n\treturn 0\n}\n`;
  const l = await lowered(source, "(*C).get");
  const r = locksHeld(l.fn, { functions: l.pkg.functions });
  const show = (key: string, mode: string): string => `${key.replace(/^v0/, "c")}:${mode}`;
  return {
    held: markers.map((m) => r.before(l.access(lineOf(source, m)))?.map((h) => show(h.key, h.mode)) ?? null),
    exit: r.heldAtExit.map((h) => show(h.key, h.mode)),
    released: r.releasedNotAcquired.map((x) => show(x.key, x.mode)),
  };
}

describe("locksHeld from Go source", () => {
  it("held through an if/else that unlocks in both arms, not after it", async () => {
    const r = await heldAt(
      `
	c.mu.Lock()
	if ok {
		c.m[k] = 1 // A1
		c.mu.Unlock()
	} else {
		c.m[k] = 2 // A2
		c.mu.Unlock()
	}
	_ = c.m[k] // A3`,
      ["// A1", "// A2", "// A3"],
    );
    expect(r.held).toEqual([["c.mu:write"], ["c.mu:write"], []]);
    expect(r.exit).toEqual([]);
  });

  it("unlocked in one arm only: not held after the join", async () => {
    const r = await heldAt(
      `
	c.mu.Lock()
	if ok {
		c.mu.Unlock()
		return 1
	}
	c.m[k] = 1 // A1
	if xs == nil {
		c.mu.Unlock()
	}
	c.m[k] = 2 // A2
	c.mu.Unlock()`,
      ["// A1", "// A2"],
    );
    expect(r.held).toEqual([["c.mu:write"], []]);
  });

  it("defer c.mu.Unlock() holds it to the end, past branches and returns", async () => {
    const r = await heldAt(
      `
	c.mu.Lock()
	defer c.mu.Unlock()
	if ok {
		return c.m[k] // A1
	}
	c.m[k] = 1 // A2`,
      ["// A1", "// A2"],
    );
    expect(r.held).toEqual([["c.mu:write"], ["c.mu:write"]]);
    expect(r.exit).toEqual([]);
    expect(r.released).toEqual([]);
  });

  it("a deferred closure that unlocks holds the lock to the end too", async () => {
    const r = await heldAt(
      `
	c.mu.Lock()
	defer func() {
		c.mu.Unlock()
	}()
	c.m[k] = 1 // A1`,
      ["// A1"],
    );
    expect(r.held).toEqual([["c.mu:write"]]);
    expect(r.exit).toEqual([]);
  });

  it("RLock is read mode, Lock write mode", async () => {
    const r = await heldAt(
      `
	c.mu.RLock()
	v := c.m[k] // A1
	c.mu.RUnlock()
	c.mu.Lock()
	c.m[k] = v // A2
	c.mu.Unlock()
	_ = c.m[k] // A3`,
      ["// A1", "// A2", "// A3"],
    );
    expect(r.held).toEqual([["c.mu:read"], ["c.mu:write"], []]);
  });

  it("a lock in a loop: held in the body after Lock, not at the body's start", async () => {
    const r = await heldAt(
      `
	for _, x := range xs {
		_ = c.m[x] // A1
		c.mu.Lock()
		c.m[x] = 1 // A2
		c.mu.Unlock()
	}`,
      ["// A1", "// A2"],
    );
    expect(r.held).toEqual([[], ["c.mu:write"]]);
  });

  it("a function that returns holding the lock, and one that releases a lock it did not take", async () => {
    expect((await heldAt(`\tc.mu.Lock()\n\t_ = c.m[k] // A1`, ["// A1"])).exit).toEqual(["c.mu:write"]);
    const unlockHelper = await heldAt(`\t_ = c.m[k] // A1\n\tc.mu.Unlock()`, ["// A1"]);
    expect(unlockHelper.held).toEqual([[]]);
    expect(unlockHelper.released).toEqual(["c.mu:write"]);
  });

  it("inside a closure, a nested deferred closure's unlock releases the closure's captured mutex at return", async () => {
    const source = `package p

import "sync"

func outer(mu *sync.Mutex, m map[string]int) {
	func() {
		mu.Lock()
		defer func() { mu.Unlock() }()
		m["a"] = 1 // A1
	}()
}
`;
    const l = await lowered(source, "outer$1");
    const r = locksHeld(l.fn, { functions: l.pkg.functions });
    expect(r.before(l.access(lineOf(source, "// A1")))?.map((h) => h.mode)).toEqual(["write"]);
    expect(r.heldAtExit).toEqual([]);
    expect(locksHeld(l.fn).heldAtExit).toHaveLength(1);
  });
});
