// Nil summaries only where the nil rules can use them: writers of maps, the
// callers of whatever requires something of its callers (and theirs, while
// the requirement is passed on), and what those call. A package's other
// functions are not summarised, and what is summarised says the same as when
// every function is.
import { describe, expect, it } from "vitest";
import { buildNilSummaries } from "../../../../src/analysis/summaries/nil/build-nil-summaries.js";
import { summarise } from "./helpers.js";

/** The names of the functions a demanded build summarised. */
async function demanded(source: string): Promise<{ has(name: string): boolean }> {
  const s = await summarise(source);
  const built = buildNilSummaries(s.pkg, { demanded: true });
  return { has: (name) => built.summary(s.id(name)) !== undefined };
}

const SOURCE = `package p

type Store struct{ m map[string]int }

func newStore() *Store { return &Store{m: make(map[string]int)} }

func (s *Store) Put(k string) { s.m[k] = 1 }

func fill() {
	s := newStore()
	s.Put("a")
}

func each(f func()) { f() }

func viaClosure(s *Store) { each(func() { s.Put("b") }) }

func lookup(m map[string]int) int { return m["a"] }

func count() int { return lookup(map[string]int{"a": 1}) }

func top() { fill() }
`;

describe("nil summary demand", () => {
  it("takes writers, the callers of what requires something, and everything those call; leaves readers no requirement reaches", async () => {
    const demand = await demanded(SOURCE);
    for (const name of ["(*Store).Put", "fill", "newStore", "viaClosure$1", "viaClosure", "each"]) expect(demand.has(name), name).toBe(true);
    // fill makes the map Put requires: nothing is passed on to top.
    for (const name of ["lookup", "count", "top"]) expect(demand.has(name), name).toBe(false);
  });

  it("does not take writes to a local map every assignment makes, or to slices, as writers", async () => {
    const s = await summarise(`package p

func counts(xs []string) map[string]int {
	m := make(map[string]int)
	for _, x := range xs {
		m[x]++
	}
	return m
}

func total(xs []string) int { return len(counts(xs)) }

func first(b []byte) { b[0] = 1 }

func zero() {
	var m map[string]int
	m["a"] = 1
}

func reset(m *map[string]int) { *m = nil }

func viaAddress() {
	m := map[string]int{}
	reset(&m)
	m["a"] = 1
}

func viaClosure() {
	m := make(map[string]int)
	clear := func() { m = nil }
	clear()
	m["a"] = 1
}

func lookup() map[string]int { return nil }

func fromCall() {
	m := lookup()
	m["a"] = 1
}
`);
    const built = buildNilSummaries(s.pkg, { demanded: true });
    const has = (name: string) => built.summary(s.id(name)) !== undefined;
    for (const name of ["counts", "total", "first"]) expect(has(name), name).toBe(false);
    for (const name of ["zero", "viaAddress", "viaClosure", "fromCall", "lookup"]) expect(has(name), name).toBe(true);
  });

  it("takes a Set or Add as a write only on an http.Header or url.Values", async () => {
    const demand = await demanded(`package p

import (
	"net/http"
	"sync"
)

func waits(wg *sync.WaitGroup) { wg.Add(1) }

func header(h http.Header) { h.Set("a", "b") }
`);
    expect(demand.has("waits")).toBe(false);
    expect(demand.has("header")).toBe(true);
  });

  it("summarises only the demand, and the same as a build of every function", async () => {
    const s = await summarise(SOURCE);
    const only = buildNilSummaries(s.pkg, { demanded: true });
    expect(only.summary(s.id("lookup"))).toBeUndefined();
    expect(s.summaries.summary(s.id("lookup"))).toBeDefined();
    for (const name of ["(*Store).Put", "fill", "newStore", "viaClosure", "viaClosure$1", "each"]) {
      expect(only.summary(s.id(name)), name).toEqual(s.summaries.summary(s.id(name)));
    }
    expect(only.requiresNonNil(s.id("(*Store).Put")).map((r) => r.path)).toEqual(s.summaries.requiresNonNil(s.id("(*Store).Put")).map((r) => r.path));
    expect(only.requiresNonNil(s.id("(*Store).Put")).length).toBeGreaterThan(0);
  });
});
