import { describe, expect, it } from "vitest";
import { declarationsOf } from "./helpers.js";

const SOURCE = `package store

import (
	web "net/http"
	"sync"
)

// é: a non-ASCII rune before the declarations shifts UTF-16 offsets, not lines.
type Cache[K comparable, V any] struct {
	sync.Mutex
	*Inner
	items map[K]V \`json:"items"\`
	a, b  int
	h     web.Header
}

type Inner struct{ m map[string]int }

type Names = map[string]bool

type Header web.Header

type Store interface {
	Get(k string) (int, bool)
	Base
	web.Handler
}

type Base interface{ Close() error }

type Number interface{ ~int | ~float64 }

func (c *Cache[K, V]) Put(k K, v V) {}

func (Inner) Len() int { return 0 }

func Keys[M ~map[K]V, K comparable, V any](m M, extra ...K) (out []K, err error) { return nil, nil }

func asm(x int) int

var (
	Global       = make(map[string]int)
	local  Names
	_      = 1
)

const Limit, other = 10, "x"
`;

describe("readDeclarations", () => {
  it("reads struct fields with their types, embedding, tags and positions", async () => {
    const decls = await declarationsOf(SOURCE);
    const cache = decls.types.find((t) => t.name === "Cache");
    expect(cache?.typeParams.map((p) => `${p.name} ${p.constraint.text}`)).toEqual(["K comparable", "V any"]);
    const fields = cache?.fields ?? [];
    expect(fields.map((f) => [f.name, f.type.text, f.embedded, f.tagged])).toEqual([
      ["Mutex", "sync.Mutex", true, false],
      ["Inner", "*Inner", true, false],
      ["items", "map[K]V", false, true],
      ["a", "int", false, false],
      ["b", "int", false, false],
      ["h", "web.Header", false, false],
    ]);
    // The renamed import resolves to its path.
    const h = fields.find((f) => f.name === "h")?.type;
    expect(h).toMatchObject({ kind: "named", pkg: "net/http", name: "Header" });
    // Positions: 1-based line and column of the name; the offset counts UTF-16 units.
    const items = fields.find((f) => f.name === "items");
    expect(items?.declared).toMatchObject({ line: 12, column: 2 });
    expect(SOURCE.slice(items?.at, (items?.at ?? 0) + 5)).toBe("items");
    const embedded = fields.find((f) => f.name === "Mutex");
    expect(SOURCE.slice(embedded?.at, (embedded?.at ?? 0) + 5)).toBe("Mutex");
  });

  it("reads named types, aliases and interfaces with their methods and embedded interfaces", async () => {
    const decls = await declarationsOf(SOURCE);
    const byName = new Map(decls.types.map((t) => [t.name, t]));
    expect(byName.get("Names")).toMatchObject({ alias: true, type: { kind: "map", text: "map[string]bool" } });
    expect(byName.get("Header")).toMatchObject({ alias: false, type: { kind: "named", pkg: "net/http", name: "Header" } });
    const store = byName.get("Store")?.iface;
    expect(store?.methods).toEqual(["Get"]);
    expect(store?.signatures[0]).toMatchObject({ kind: "func", results: [{ text: "int" }, { text: "bool" }] });
    expect(store?.embeds.map((e) => e.text)).toEqual(["Base", "web.Handler"]);
    expect(store?.constraint).toBe(false);
    expect(byName.get("Number")?.iface?.constraint).toBe(true);
  });

  it("reads functions and methods: receivers, type parameters, parameters, results, variadics, bodies", async () => {
    const decls = await declarationsOf(SOURCE);
    const byName = new Map(decls.funcs.map((f) => [f.name, f]));
    const put = byName.get("Put");
    expect(put?.receiver).toMatchObject({ type: "Cache", pointer: true, name: "c" });
    expect(put?.typeParams.map((p) => p.name)).toEqual(["K", "V"]);
    expect(put?.params.map((p) => `${p.name} ${p.type.text}`)).toEqual(["k K", "v V"]);
    expect(byName.get("Len")?.receiver).toMatchObject({ type: "Inner", pointer: false, name: null });
    const keys = byName.get("Keys");
    expect(keys?.typeParams[0]).toMatchObject({ name: "M", constraint: { kind: "map", text: "map[K]V" } });
    expect(keys?.variadic).toBe(true);
    expect(keys?.params.map((p) => p.type.text)).toEqual(["M", "[]K"]);
    expect(keys?.results.map((r) => `${r.name} ${r.type.text}`)).toEqual(["out []K", "err error"]);
    expect(keys?.span.line).toBe(SOURCE.split("\n").findIndex((l) => l.startsWith("func Keys")) + 1);
    expect(byName.get("asm")?.external).toBe(true);
    expect(keys?.external).toBe(false);
  });

  it("reads package variables and constants, with their declared types when written", async () => {
    const decls = await declarationsOf(SOURCE);
    expect(decls.values.map((v) => [v.name, v.kind, v.type?.text ?? null, v.exported])).toEqual([
      ["Global", "var", null, true],
      ["local", "var", "Names", false],
      ["Limit", "const", null, true],
      ["other", "const", null, false],
    ]);
    expect(decls.files).toEqual([{ path: "p/a.go", packageName: "store", imports: new Map([["web", "net/http"], ["sync", "sync"]]) }]);
  });
});
