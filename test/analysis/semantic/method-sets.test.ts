import { describe, expect, it } from "vitest";
import { fn, modelOf, varOf } from "./helpers.js";

const SOURCE = `package p

import "sync"

type Inner struct{ m map[string]int }

func (i *Inner) Reset()       { i.m = nil }
func (i Inner) Size() int     { return len(i.m) }

type Outer struct {
	sync.RWMutex
	*Inner
	name string
}

func (o *Outer) Name() string { return o.name }

type Sizer interface{ Size() int }
type Resetter interface {
	Sizer
	Reset()
}

func use(o *Outer) {
	o.RLock()
	_ = o.m
}
`;

describe("method sets", () => {
  it("lists declared and promoted methods with their receivers and the embedded fields they go through", async () => {
    const m = await modelOf(SOURCE);
    const set = m.methodSets.methodSet("Outer");
    const summary = [...set.values()]
      .map((x) => `${x.name}:${x.kind}:${x.via.join(".")}${x.kind === "method" ? `:${x.owner}:${x.pointer ? "ptr" : "val"}` : ""}`)
      .sort();
    expect(summary).toEqual([
      "Lock:library-method:RWMutex",
      "Name:method::Outer:ptr",
      "RLock:library-method:RWMutex",
      "RLocker:library-method:RWMutex",
      "RUnlock:library-method:RWMutex",
      "Reset:method:Inner:Inner:ptr",
      "Size:method:Inner:Inner:val",
      "TryLock:library-method:RWMutex",
      "TryRLock:library-method:RWMutex",
      "Unlock:library-method:RWMutex",
    ]);
  });

  it("finds the package types implementing an interface, embedded interfaces and promoted methods included", async () => {
    const m = await modelOf(SOURCE);
    const names = m.methodSets.interfaces.ofDecl("Resetter").names;
    expect([...names].sort()).toEqual(["Reset", "Size"]);
    expect(m.methodSets.implementers(names).sort()).toEqual(["Inner", "Outer"]);
    expect(m.methodSets.implementers(new Set(["Size", "Name"]))).toEqual(["Outer"]);
  });

  it("spells out promoted paths: a lock on the embedded RWMutex and a field of the embedded *Inner", async () => {
    const m = await modelOf(SOURCE);
    const use = fn(m, "use");
    const o = varOf(use, "o");
    const lock = use.blocks[0].instrs.find((i) => i.op === "lock");
    expect(lock).toMatchObject({ op: "lock", mode: "read" });
    if (lock?.op !== "lock") return;
    expect(m.methodReceiverPath(use, lock.mutex, "RLock").selectors).toEqual([{ kind: "field", name: "RWMutex" }]);
    expect(m.isMutex(m.typeOf(use, m.methodReceiverPath(use, lock.mutex, "RLock")))).toBe("rwmutex");
    const path = { root: { kind: "var" as const, var: o }, selectors: [{ kind: "field" as const, name: "m" }] };
    expect(m.normalizePath(use, path).selectors).toEqual([
      { kind: "field", name: "Inner" },
      { kind: "field", name: "m" },
    ]);
  });
});
