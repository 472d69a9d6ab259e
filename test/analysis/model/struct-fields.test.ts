import { describe, expect, it } from "vitest";
import { loadGo } from "../../../src/analysis/go/load-go.js";
import { withParsedTrees } from "../../../src/analysis/go/parse.js";
import { packageNameOf } from "../../../src/analysis/group-packages.js";
import { buildPackageModel } from "../../../src/analysis/model/build-package.js";
import type { PackageModel } from "../../../src/analysis/model/model-types.js";

async function model(files: Record<string, string>): Promise<PackageModel> {
  const { parser } = await loadGo();
  const entries = Object.entries(files);
  return withParsedTrees(parser, entries.map(([path, text]) => ({ path, text })), (outcomes) =>
    buildPackageModel(
      "p",
      "p",
      outcomes.map((o, i) => {
        if (!o.ok) throw new Error(o.reason);
        return { path: entries[i][0], text: entries[i][1], packageName: packageNameOf(o.value.rootNode), root: o.value.rootNode };
      }),
    ),
  );
}

function fieldEvents(pkg: PackageModel, owner: string, name: string): string[] {
  const symbol = pkg.symbols.find((s) => s.kind === "field" && s.owner === owner && s.name === name);
  if (!symbol) return [];
  return (pkg.events.get(symbol.id) ?? []).map(
    (e) => `${e.kind}${e.source ? `:${e.source}` : ""} ${e.base?.text ?? "?"}(${e.base?.rootKind ?? "?"}) L${e.location.startLine}`,
  );
}

const types = `package p

type Labels map[string]string

type Inner struct {
	m map[string]int
}

type Cache struct {
	Inner
	items  map[string]int
	labels Labels
	name   string
	sub    *Inner
}
`;

const uses = `package p

var std = NewCache()

func NewCache() *Cache {
	return &Cache{items: make(map[string]int), name: "x"}
}

func (c *Cache) Put(k string) {
	c.items[k]++
	c.m[k] = 1
	c.sub.m[k] = 2
	if c.labels == nil {
		c.labels = Labels{}
	}
	c.labels[k] = "v"
	delete(c.items, k)
	_ = len(c.Inner.m)
}

func use(other Cache) map[string]int {
	var c Cache
	c.items["a"] = 1
	d := Cache{name: "d"}
	d.init()
	e := new(Cache)
	e.items = map[string]int{}
	f := std
	f.items["s"] = 1
	other.labels.Set("k")
	return other.items
}

func (c *Cache) init() {}

func (l Labels) Set(k string) { l[k] = "" }
`;

describe("struct map fields", () => {
  it("are symbols per struct type and field, declared in one file and used in another", async () => {
    const pkg = await model({ "p/types.go": types, "p/uses.go": uses });
    const fieldSymbols = pkg.symbols.filter((s) => s.kind === "field").map((s) => `${s.owner}.${s.name} ${s.typeText} ${s.path}:${s.declared.startLine}`);
    expect(fieldSymbols.sort()).toEqual([
      "Cache.items map[string]int p/types.go:11",
      "Cache.labels Labels p/types.go:12",
      "Inner.m map[string]int p/types.go:6",
    ]);
    expect([...pkg.structTypes.keys()].sort()).toEqual(["Cache", "Inner"]);
  });

  it("turns accesses through receivers, params, locals, promoted and nested fields into events", async () => {
    const pkg = await model({ "p/types.go": types, "p/uses.go": uses });
    expect(fieldEvents(pkg, "Cache", "items")).toEqual([
      "write c(receiver) L10",
      "delete c(receiver) L17",
      "write c(local) L23",
      "assign:literal e(local) L27",
      "write f(local) L29",
      "escape other(param) L31",
    ]);
    expect(fieldEvents(pkg, "Inner", "m")).toEqual(["write c(receiver) L11", "write c.sub(receiver) L12", "len c.Inner(receiver) L18"]);
    expect(fieldEvents(pkg, "Cache", "labels")).toEqual([
      "nil-compare c(receiver) L13",
      "assign:literal c(receiver) L14",
      "write c(receiver) L16",
      "address other(param) L30",
    ]);
  });

  it("records constructions with the fields they set and the variable they initialise", async () => {
    const pkg = await model({ "p/types.go": types, "p/uses.go": uses });
    const byLine = pkg.constructions.map((c) => ({
      line: c.location.startLine,
      form: c.form,
      set: c.fieldsSet,
      value: c.value === null ? null : pkg.structValues[c.value]?.name,
    }));
    expect(byLine).toEqual([
      { line: 6, form: "literal", set: ["items", "name"], value: null },
      { line: 22, form: "var", set: [], value: "c" },
      { line: 24, form: "literal", set: ["name"], value: "d" },
      { line: 26, form: "new", set: [], value: "e" },
    ]);
    // A method called on `d` may initialise its maps: the rules must see it.
    const d = pkg.structValues.find((v) => v.name === "d");
    expect(d?.touches.length).toBe(1);
  });
});
