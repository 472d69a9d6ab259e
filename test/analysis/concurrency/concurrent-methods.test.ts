import { describe, expect, it } from "vitest";
import { at, concurrencyOf, contextsRooted, only, reachableNames } from "./helpers.js";

describe("concurrency contexts: types whose methods take their own mutex", () => {
  it("declare their exported methods callable concurrently; an unguarded access races with a guarded one", async () => {
    const b = await concurrencyOf(`package p

import "sync"

type Registry struct {
	mu sync.Mutex
	m  map[string]int
}

func (r *Registry) Set(k string, v int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.m[k] = v
}

func (r *Registry) Get(k string) int { return r.lookup(k) }

func (r *Registry) lookup(k string) int { return r.m[k] }

type Plain struct{ m map[string]int }

func (p *Plain) Set(k string) { p.m[k] = 1 }
`);
    const c = only(contextsRooted(b, "(*Registry).Set", "concurrent-methods"));
    expect(c.selfConcurrent).toBe(true);
    expect(c.roots.map((r) => b.ir.functions[r].name).sort()).toEqual(["(*Registry).Get", "(*Registry).Set"]);
    expect(reachableNames(b, c)).toContain("(*Registry).lookup");
    const ans = b.cx.mayRunInParallel(at(b, "(*Registry).lookup", "return r.m[k]", "access"), at(b, "(*Registry).Set", "r.m[k] = v", "access"));
    expect(ans.yes).toBe(true);
    expect(ans.why).toContain("methods of Registry ((*Registry).Set takes its mutex)");
    // A type that takes no lock declares nothing.
    expect(contextsRooted(b, "(*Plain).Set")).toEqual([]);
    const plain = at(b, "(*Plain).Set", "p.m[k] = 1", "access");
    expect(b.cx.mayRunInParallel(plain, plain).yes).toBe(false);
  });
});
