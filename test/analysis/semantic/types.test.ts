import { describe, expect, it } from "vitest";
import type { Path } from "../../../src/analysis/lower/ir.js";
import { fn, modelOf, varOf } from "./helpers.js";

const local = (v: number, ...fields: string[]): Path => ({
  root: { kind: "var", var: v },
  selectors: fields.map((f) => (f === "[]" ? { kind: "index" } : f === "*" ? { kind: "deref" } : { kind: "field", name: f })),
});

describe("types of paths", () => {
  it("follows fields through pointers and embedded structs (promoted fields included)", async () => {
    const m = await modelOf(`package p

type Inner struct{ m map[string]int; n *Node }
type Node struct{ next *Node; vals []map[string]bool }
type Outer struct {
	*Inner
	name string
}

func f(o *Outer) {
	_ = o
}
`);
    const f = fn(m, "f");
    const o = varOf(f, "o");
    expect(m.typeOf(f, local(o))?.text).toBe("*Outer");
    // m is promoted from the embedded *Inner.
    expect(m.typeOf(f, local(o, "m"))?.text).toBe("map[string]int");
    expect(m.isMapType(m.typeOf(f, local(o, "m")))).toBe(true);
    expect(m.typeOf(f, local(o, "Inner", "m"))?.text).toBe("map[string]int");
    expect(m.typeOf(f, local(o, "n", "next", "vals", "[]"))?.text).toBe("map[string]bool");
    expect(m.typeOf(f, local(o, "n", "*", "next"))?.text).toBe("*Node");
    expect(m.typeOf(f, local(o, "name"))?.text).toBe("string");
    expect(m.typeOf(f, local(o, "missing"))).toBeNull();
    // The promoted field, spelled as Go resolves it.
    expect(m.normalizePath(f, local(o, "m"))).toEqual(local(o, "Inner", "m"));
    expect(m.normalizePath(f, local(o, "name"))).toEqual(local(o, "name"));
  });

  it("knows named map types and aliases of maps, and that a type parameter is not known to be a map", async () => {
    const m = await modelOf(`package p

type Set map[string]struct{}
type Names Set
type Alias = Names

func f[T any](a Set, b Names, c Alias, d []Set, t T, e T) {
	_ = a
}
`);
    const f = fn(m, "f");
    for (const name of ["a", "b", "c"]) expect(m.isMapType(m.typeOf(f, local(varOf(f, name)))), name).toBe(true);
    expect(m.mapOf(m.typeOf(f, local(varOf(f, "c"))))?.text).toBe("map[string]struct{}");
    expect(m.isMapType(m.typeOf(f, local(varOf(f, "d"))))).toBe(false);
    expect(m.isMapType(m.typeOf(f, local(varOf(f, "d"), "[]")))).toBe(true);
    const t = m.typeOf(f, local(varOf(f, "t")));
    expect(t).toMatchObject({ kind: "named", name: "T" });
    expect(m.isMapType(t)).toBe(false);
  });

  it("does not take a type parameter for the package type it shadows", async () => {
    const m = await modelOf(`package p

type T map[string]int

func g[T any](x T) { _ = x }

func h(x T) { _ = x }
`);
    expect(m.isMapType(m.typeOf(fn(m, "g"), local(varOf(fn(m, "g"), "x"))))).toBe(false);
    expect(m.isMapType(m.typeOf(fn(m, "h"), local(varOf(fn(m, "h"), "x"))))).toBe(true);
  });

  it("recognises http.Header and url.Values by import path, renamed imports too, and the Header of http.Request", async () => {
    const m = await modelOf(`package p

import (
	web "net/http"
	"net/url"
)

type Header struct{ x int }

func f(h web.Header, v url.Values, r *web.Request, resp web.Response, own Header) {
	q := r.URL.Query()
	vals, err := url.ParseQuery("a=b")
	_, _, _ = q, vals, err
}
`);
    const f = fn(m, "f");
    const type = (name: string, ...fields: string[]) => m.typeOf(f, local(varOf(f, name), ...fields));
    expect(m.isMapType(type("h"))).toBe(true);
    expect(m.libraryKind(type("h"))).toBe("http.Header");
    expect(m.isMapType(type("v"))).toBe(true);
    expect(m.libraryKind(type("r", "Header"))).toBe("http.Header");
    expect(m.libraryKind(type("resp", "Trailer"))).toBe("http.Header");
    expect(m.libraryKind(type("r", "Form"))).toBe("url.Values");
    // The package's own Header is no library map.
    expect(m.isMapType(type("own"))).toBe(false);
    expect(m.libraryKind(type("q"))).toBe("url.Values");
    expect(m.libraryKind(type("vals"))).toBe("url.Values");
    expect(type("err")?.text).toBe("error");
  });

  it("recognises the sync types and errgroup by import", async () => {
    const m = await modelOf(`package p

import (
	"sync"
	eg "golang.org/x/sync/errgroup"
)

type Guard = sync.RWMutex
type Own sync.Mutex

type S struct {
	mu  sync.Mutex
	rw  Guard
	own Own
	wg  sync.WaitGroup
	g   eg.Group
	sm  sync.Map
}

func f(s *S) { _ = s }
`);
    const f = fn(m, "f");
    const field = (name: string) => m.typeOf(f, local(varOf(f, "s"), name));
    expect(m.isMutex(field("mu"))).toBe("mutex");
    expect(m.isMutex(field("rw"))).toBe("rwmutex");
    // A defined type over sync.Mutex has none of its methods.
    expect(m.isMutex(field("own"))).toBeNull();
    expect(m.libraryKind(field("wg"))).toBe("waitgroup");
    expect(m.libraryKind(field("g"))).toBe("errgroup");
    expect(m.libraryKind(field("sm"))).toBe("sync.Map");
  });
});

describe("types inferred from what a variable is given", () => {
  it("types locals from make, new, literals, conversions, assertions, copies, elements and ranges", async () => {
    const m = await modelOf(`package p

type Cache struct{ items map[string][]int }
type Set map[string]bool

func f(x interface{}, byKey map[string]*Cache, list []Set, ch chan Set) {
	a := make(map[string]int)
	b := new(Cache)
	c := &Cache{}
	d := Set(nil)
	e := x.(map[int]string)
	g := c
	h := byKey["k"]
	for k, v := range byKey {
		_, _ = k, v
	}
	for i, s := range list {
		_, _ = i, s
	}
	var z Cache
	w, ok := <-ch
	y, found := byKey["q"]
	_, _, _, _, _, _, _, _, _, _, _ = a, b, d, e, g, h, z, w, ok, y, found
}
`);
    const f = fn(m, "f");
    const type = (name: string) => m.typeOf(f, local(varOf(f, name)))?.text ?? null;
    expect(type("a")).toBe("map[string]int");
    expect(type("b")).toBe("*Cache");
    expect(type("c")).toBe("*Cache");
    expect(type("d")).toBe("Set");
    expect(type("e")).toBe("map[int]string");
    expect(type("g")).toBe("*Cache");
    expect(type("h")).toBe("*Cache");
    expect(type("k")).toBe("string");
    expect(type("v")).toBe("*Cache");
    expect(type("i")).toBe("int");
    expect(type("s")).toBe("Set");
    expect(type("z")).toBe("Cache");
    expect(type("w")).toBe("Set");
    expect(type("ok")).toBe("bool");
    expect(type("y")).toBe("*Cache");
    expect(type("found")).toBe("bool");
    expect(m.isMapType(m.typeOf(f, local(varOf(f, "h"), "items")))).toBe(true);
  });

  it("types call results by the callee's declared results: functions, methods, generics, closures, func values", async () => {
    const m = await modelOf(`package p

type Store struct{ m map[string]int }

func (s *Store) Items() (map[string]int, error) { return s.m, nil }

func newStore() *Store { return &Store{} }

type Box[T any] struct{ v T }

func (b *Box[T]) Get() T { return b.v }

func Map[K comparable, V any](m map[K]V) map[K]V { return m }

func f(load func() []string) {
	s := newStore()
	items, err := s.Items()
	bx := &Box[map[string]bool]{}
	got := bx.Get()
	mp := Map[string, int](nil)
	inferred := Map(items)
	clo := func() Store { return Store{} }()
	loaded := load()
	_, _, _, _, _, _, _ = err, got, mp, inferred, clo, loaded, s
}
`);
    const f = fn(m, "f");
    const type = (name: string) => m.typeOf(f, local(varOf(f, name)))?.text ?? null;
    expect(type("s")).toBe("*Store");
    expect(type("items")).toBe("map[string]int");
    expect(type("err")).toBe("error");
    // A method of a generic type, instantiated by the receiver's type arguments.
    expect(type("got")).toBe("map[string]bool");
    expect(m.isMapType(m.typeOf(f, local(varOf(f, "got"))))).toBe(true);
    expect(type("mp")).toBe("map[string]int");
    // Inferred type arguments are unknown: the result is a map of unknowns, not of the caller's types.
    expect(m.typeOf(f, local(varOf(f, "inferred")))?.kind).toBe("map");
    expect(type("clo")).toBe("Store");
    expect(type("loaded")).toBe("[]string");
  });

  it("types package variables from their declarations or their initialisers, across files", async () => {
    const m = await modelOf({
      "p/types.go": `package p

type Registry struct{ byName map[string]Handler }
type Handler func()

func newRegistry() *Registry { return &Registry{byName: map[string]Handler{}} }
`,
      "p/vars.go": `package p

var (
	registry = newRegistry()
	counts   = map[string]int{}
	declared Registry
)

func use() {
	r := registry
	_ = r
}
`,
    });
    const use = fn(m, "use");
    expect(m.typeOf(use, local(varOf(use, "r")))?.text).toBe("*Registry");
    const pkg = (name: string, ...fields: string[]): Path => ({ root: { kind: "package", name }, selectors: local(0, ...fields).selectors });
    expect(m.isMapType(m.typeOf(use, pkg("registry", "byName")))).toBe(true);
    expect(m.typeOf(use, pkg("registry", "byName", "[]"))?.text).toBe("Handler");
    expect(m.isMapType(m.typeOf(use, pkg("counts")))).toBe(true);
    expect(m.typeOf(use, pkg("declared"))?.text).toBe("Registry");
  });
});
