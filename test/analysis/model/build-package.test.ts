import { describe, expect, it } from "vitest";
import { loadGo } from "../../../src/analysis/go/load-go.js";
import { withParsedTrees } from "../../../src/analysis/go/parse.js";
import { packageNameOf } from "../../../src/analysis/group-packages.js";
import { buildPackageModel } from "../../../src/analysis/model/build-package.js";
import type { MapEvent, PackageModel } from "../../../src/analysis/model/model-types.js";

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

function eventsOf(pkg: PackageModel, name: string, functionName?: string): MapEvent[] {
  const out: MapEvent[] = [];
  for (const s of pkg.symbols.filter((s) => s.name === name)) {
    for (const e of pkg.events.get(s.id) ?? []) {
      if (!functionName || pkg.functions[e.context.functionIndex]?.name === functionName) out.push(e);
    }
  }
  return out;
}

const kinds = (events: MapEvent[]) => events.map((e) => `${e.kind}${e.source ? `:${e.source}` : ""}`);

describe("package model", () => {
  it("knows map symbols of every kind and where they come from", async () => {
    const pkg = await model({
      "p/a.go": `package p

type Labels map[string]string
type Alias = Labels
type Plain int

var shared map[string]int
var made = make(map[string]bool)
var counter Plain

func f(in map[string]int, n int) (out Alias) {
	var local Labels
	lit := map[int]int{1: 2}
	fromCall := compute()
	_, _, _ = local, lit, fromCall
	return
}
`,
    });
    const byName = new Map(pkg.symbols.map((s) => [s.name, s]));
    expect([...pkg.namedMapTypes.keys()].sort()).toEqual(["Alias", "Labels"]);
    expect(byName.get("shared")).toMatchObject({ kind: "package", typeText: "map[string]int", nilAtDeclaration: true, exported: false });
    expect(byName.get("made")).toMatchObject({ kind: "package", typeText: "map[string]bool", nilAtDeclaration: false });
    expect(byName.get("in")).toMatchObject({ kind: "param", nilAtDeclaration: false });
    expect(byName.get("out")).toMatchObject({ kind: "result", typeText: "Alias", nilAtDeclaration: true });
    expect(byName.get("local")).toMatchObject({ kind: "local", typeText: "Labels", nilAtDeclaration: true });
    expect(byName.get("lit")).toMatchObject({ kind: "local", typeText: "map[int]int", nilAtDeclaration: false });
    // Nothing says what compute() returns: not a known map.
    expect(byName.has("fromCall")).toBe(false);
    expect(byName.has("counter")).toBe(false);
    expect(byName.has("n")).toBe(false);
  });

  it("records what happens to a map, in source order", async () => {
    const pkg = await model({
      "p/a.go": `package p

import "encoding/json"

func f(data []byte, other map[string]int) {
	var m map[string]int
	_ = m["a"]
	_ = len(m)
	for range m {
	}
	delete(m, "a")
	if m == nil {
		m = make(map[string]int)
	}
	m["b"] = 1
	m["c"] += 2
	m["d"]++
	m = nil
	m = other
	m, _ = pair()
	json.Unmarshal(data, &m)
	use(m)
}
`,
    });
    expect(kinds(eventsOf(pkg, "m"))).toEqual([
      "declare",
      "read",
      "len",
      "range",
      "delete",
      "nil-compare",
      "assign:make",
      "write",
      "write",
      "write",
      "nil",
      "assign:other",
      "assign:multi",
      "address",
      "escape",
    ]);
    const writes = eventsOf(pkg, "m").filter((e) => e.kind === "write");
    expect(writes.map((w) => w.operator)).toEqual(["=", "+=", "++"]);
    expect(writes[0].statement).toMatchObject({ startLine: 15, startColumn: 2, endLine: 15 });
    // The assignment inside `if m == nil` is guarded by m.
    const lazy = eventsOf(pkg, "m").find((e) => e.source === "make");
    expect(lazy?.context.guardedBy.has(lazy.symbol.id)).toBe(true);
    expect(writes[0].context.guardedBy.size).toBe(0);
  });

  it("resolves names through scopes: shadowing locals, params and closures", async () => {
    const pkg = await model({
      "p/a.go": `package p

var m map[string]int

func shadowParam(m []int) { m[0] = 1 }

func shadowLocal() {
	m := []int{1}
	m[0] = 2
}

func blockScope() {
	if true {
		m := map[string]int{}
		m["x"] = 1
	}
	m["y"] = 2
}

func closure() {
	var local map[string]int
	f := func(local int) { _ = local }
	g := func() { local = make(map[string]int) }
	for i := 0; i < 3; i++ {
		local["k"] = i
	}
	_, _ = f, g
}
`,
    });
    const pkgM = pkg.symbols.find((s) => s.name === "m" && s.kind === "package");
    const pkgWrites = (pkgM ? pkg.events.get(pkgM.id) ?? [] : []).filter((e) => e.kind === "write");
    expect(pkgWrites.map((e) => pkg.functions[e.context.functionIndex].name)).toEqual(["blockScope"]);
    expect(pkgWrites[0].location.startLine).toBe(17);

    const local = eventsOf(pkg, "local", "closure");
    expect(kinds(local)).toEqual(["declare", "assign:make", "write"]);
    const [, assign, write] = local;
    expect(assign.context.closure).not.toBe(0);
    expect(write.context.closure).toBe(0);
    expect(write.context.loops).toHaveLength(1);
  });

  it("shares package-level declarations across the files of a package", async () => {
    const pkg = await model({
      "p/a.go": "package p\n\nvar registry map[string]func()\n",
      "p/b.go": 'package p\n\nfunc init() {\n\tregistry["x"] = nil\n}\n\nfunc reset() {\n\tregistry = map[string]func(){}\n}\n',
    });
    const events = eventsOf(pkg, "registry");
    expect(events.map((e) => `${e.location.path}:${e.kind}`)).toEqual(["p/b.go:write", "p/b.go:assign"]);
    expect(pkg.functions.find((f) => f.name === "init")?.isInit).toBe(true);
  });

  it("skips walking functions that cannot involve a map", async () => {
    const pkg = await model({
      "p/a.go": `package p

var table map[string]int

func add(a, b int) int { return a + b }

func touches() { table["a"] = 1 }

func makes() any { return make(map[int]int) }
`,
    });
    const walked = Object.fromEntries(pkg.functions.map((f) => [f.name, f.walked]));
    expect(walked).toEqual({ add: false, touches: true, makes: true });
  });

  it("marks functions with syntax errors as broken and records error regions", async () => {
    const pkg = await model({ "p/a.go": "package p\n\nfunc ok() {}\n\nfunc bad() {\n\tx := := 1\n}\n" });
    expect(pkg.functions.map((f) => [f.name, f.broken])).toEqual([
      ["ok", false],
      ["bad", true],
    ]);
    expect(pkg.files[0].firstErrorLine).toBe(6);
  });

  it("records declaration sites a fix may rewrite, and refuses shared lines", async () => {
    const pkg = await model({
      "p/a.go": `package p

func f() {
	var alone map[string]int // note
	var a, b map[string]int
	var c map[string]int; _ = c
	var (
		grouped map[string]int
	)
	_, _, _, _ = alone, a, b, grouped
}
`,
    });
    const site = (name: string) => pkg.symbols.find((s) => s.name === name)?.declaration ?? null;
    expect(site("alone")).toMatchObject({ line: 4, form: "var", indent: "\t", trailing: " // note" });
    expect(site("a")).toBeNull();
    expect(site("b")).toBeNull();
    expect(site("c")).toBeNull();
    expect(site("grouped")).toMatchObject({ line: 8, form: "var-spec", indent: "\t\t" });
  });
});
