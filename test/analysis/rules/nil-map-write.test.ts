import { describe, expect, it } from "vitest";
import type { AnalysisResult, SourceFile } from "../../../src/analysis/types.js";
import { analyze, applyFix, goFile, lines } from "../helpers.js";

/** Lines (relative to the function body's first line) where nil-map-write fires. */
async function bodyFindings(body: string, extra = ""): Promise<number[]> {
  const text = goFile(body, extra);
  const firstBodyLine = text.split("\n").findIndex((l) => l.startsWith("func f(")) + 2;
  return lines(await analyze(text)).map((l) => l - firstBodyLine + 1);
}

describe("nil-map-write: positives", () => {
  it.each([
    ["plain assignment", 'var m map[string]int\nm["a"] = 1', [2]],
    ["compound assignment", 'var m map[string]int\nm["a"] += 1', [2]],
    ["increment", 'var m map[string]int\nm["a"]++', [2]],
    ["decrement", 'var m map[string]int\nm["a"]--', [2]],
    ["parenthesised map", 'var m map[string]int\n(m)["a"] = 1', [2]],
    ["named map type", 'var m Labels\nm["a"] = "b"', [2]],
    ["var group", 'var (\n\tm map[string]int\n)\nm["a"] = 1', [4]],
    ["explicit nil initialiser", 'var m map[string]int = nil\nm["a"] = 1', [2]],
    ["reset to nil", 'm := make(map[string]int)\nm["a"] = 1\nm = nil\nm["b"] = 2', [4]],
    ["after an early return that does not assign", 'var m map[string]int\nif c {\n\treturn\n}\nm["a"] = 1', [5]],
    ["closure writing a map nobody assigns", 'var m map[string]int\ng := func() { m["a"] = 1 }\ng()', [2]],
    ["read then write", 'var m map[string]int\n_ = m["a"]\nm["a"] = 1', [3]],
    ["declared inside the loop, assigned only after the write", 'for _, x := range xs {\n\tvar m map[string]int\n\tm[x] = 1\n\tm = make(map[string]int)\n\t_ = m\n}', [3]],
  ])("%s", async (_name, body, expected) => {
    expect(await bodyFindings(body, "type Labels map[string]string\n")).toEqual(expected);
  });

  it("reports the first write only, since it is the one that panics", async () => {
    expect(await bodyFindings('var m map[string]int\nm["a"] = 1\nm["b"] = 2')).toEqual([2]);
  });

  it("names the map, the declaration line and the panic, and points at the declaration", async () => {
    const result = await analyze(goFile('\tvar counts map[string]int\n\tcounts["a"] = 1'));
    const [finding] = result.findings;
    expect(finding.message).toBe(
      '`counts` is declared at line 8 without `make`; writing to it panics with "assignment to entry in nil map".',
    );
    expect(finding.messageId).toBe("local");
    expect(finding.severity).toBe("error");
    expect(finding.related).toEqual([
      { location: { path: "p/a.go", startLine: 8, startColumn: 6, endLine: 8, endColumn: 12 }, message: "`counts` is declared here without `make`" },
    ]);
  });

  it("reports a named result written before any assignment", async () => {
    const text = 'package p\n\nfunc f(xs []string) (seen map[string]bool) {\n\tfor _, x := range xs {\n\t\tseen[x] = true\n\t}\n\treturn\n}\n';
    const result = await analyze(text);
    expect(lines(result)).toEqual([5]);
    expect(result.findings[0].messageId).toBe("result");
  });

  it("reports an unexported package-level map nothing assigns, in any function of the package", async () => {
    const files: SourceFile[] = [
      { path: "p/decl.go", text: "package p\n\nvar cache map[string]int\n" },
      { path: "p/use.go", text: 'package p\n\nfunc put(k string) {\n\tcache[k] = 1\n}\n\nfunc init() {\n\tcache["x"] = 2\n}\n' },
    ];
    const result = await analyze(files);
    expect(result.findings.map((f) => `${f.location.path}:${f.location.startLine}`)).toEqual(["p/use.go:4", "p/use.go:8"]);
    expect(result.findings[0].message).toContain("declared at p/decl.go:3 without `make` and never assigned in this package");
  });

  it("reports an exported package-level map only inside init, before any other package can assign it", async () => {
    const text = 'package p\n\nvar Registry map[string]int\n\nfunc init() {\n\tRegistry["x"] = 1\n}\n\nfunc Register(k string) {\n\tRegistry[k] = 2\n}\n';
    expect(lines(await analyze(text))).toEqual([6]);
  });
});

describe("nil-map-write: nil on some path only is a warning", () => {
  it.each([
    ["assignment in some branch", 'var m map[string]int\nif c {\n\tm = map[string]int{}\n}\nm["a"] = 1', 5],
    ["json.Unmarshal into &m (the input `null` leaves it nil)", 'var m map[string]int\n_ = json.Unmarshal(data, &m)\nm["a"] = 1', 3],
    ["assigned later in an enclosing loop, nil on the first iteration", 'var m map[string]int\nfor _, x := range xs {\n\tif m != nil {\n\t}\n\tm[x] = 1\n\tm = make(map[string]int)\n}', 5],
    ["assigned later in the loop, unguarded", 'var m map[string]int\nfor _, x := range xs {\n\tm[x] = 1\n\tm = make(map[string]int)\n}', 3],
    ["reset to nil only in a branch", 'm := make(map[string]int)\nif c {\n\tm = nil\n}\nm["a"] = 1', 5],
  ])("%s", async (_name, body, line) => {
    const text = goFile(body);
    const first = text.split("\n").findIndex((l) => l.startsWith("func f(")) + 2;
    const result = await analyze(text);
    expect(result.findings.map((f) => [f.location.startLine - first + 1, f.severity, f.ruleId])).toEqual([[line, "warning", "nil-map-write"]]);
  });
});

describe("nil-map-write: safe look-alikes stay silent", () => {
  it.each([
    ["reads, len, range and delete on a nil map", 'var m map[string]int\n_ = m["a"]\n_ = len(m)\nfor k := range m {\n\t_ = k\n}\ndelete(m, "a")'],
    ["made at declaration", 'm := make(map[string]int)\nm["a"] = 1'],
    ["literal", 'm := map[string]int{}\nm["a"] = 1'],
    ["var with make", 'var m = make(map[string]int)\nm["a"] = 1'],
    ["lazy init", 'var m map[string]int\nif m == nil {\n\tm = make(map[string]int)\n}\nm["a"] = 1'],
    ["assignment in every branch", 'var m map[string]int\nif c {\n\tm = map[string]int{}\n} else {\n\tm = make(map[string]int)\n}\nm["a"] = 1'],
    ["address taken", 'var m map[string]int\nfill(&m)\nm["a"] = 1'],
    ["map from a call", 'm := build()\nm["a"] = 1'],
    ["assigned from a call", 'var m map[string]int\nm = build()\nm["a"] = 1'],
    ["multi-value assignment", 'var m map[string]int\nvar err error\nm, err = pair()\n_ = err\nm["a"] = 1'],
    ["guarded by m != nil", 'var m map[string]int\nif m != nil {\n\tm["a"] = 1\n}'],
    ["guarded by an earlier nil check", 'var m map[string]int\nif m == nil {\n\treturn\n}\nm["a"] = 1'],
    ["assigned inside a closure", 'var m map[string]int\ninit := func() { m = make(map[string]int) }\ninit()\nm["a"] = 1'],
    ["shadowed by a non-map local", 'var m map[string]int\n_ = m\n{\n\tm := []int{0}\n\tm[0] = 1\n}'],
    ["method with a possible pointer receiver", 'var m Labels\nm.Init()\nm["a"] = "b"'],
    ["method value with a possible pointer receiver", 'var m Labels\ninit := m.Init\ninit()\nm["a"] = "b"'],
    ["a write to an inner map", 'm := map[string]map[string]int{}\nm["a"]["b"] = 1'],
    ["goto runs an assignment written after the write", 'var m map[string]int\ngoto set\nuse:\nm["a"] = 1\nreturn\nset:\nm = make(map[string]int)\ngoto use'],
    ["the write is in a closure and the map is assigned later", 'var m map[string]int\ng := func() { m["a"] = 1 }\nm = make(map[string]int)\ng()'],
  ])("%s", async (_name, body) => {
    expect(await bodyFindings(body, "type Labels map[string]string\n\nfunc (l *Labels) Init() { *l = Labels{} }\n")).toEqual([]);
  });

  it("a named result assigned by every return before a deferred write", async () => {
    const text =
      'package p\n\nfunc f() (m map[string]int) {\n\tdefer func() {\n\t\tm["done"] = 1\n\t}()\n\treturn map[string]int{}\n}\n';
    expect(lines(await analyze(text))).toEqual([]);
  });

  it("a package-level map assigned in another file, or through &m", async () => {
    const assignedElsewhere: SourceFile[] = [
      { path: "p/a.go", text: "package p\n\nvar cache map[string]int\n\nfunc put(k string) { cache[k] = 1 }\n" },
      { path: "p/b.go", text: "package p\n\nfunc init() { cache = make(map[string]int) }\n" },
    ];
    expect(lines(await analyze(assignedElsewhere))).toEqual([]);
    const addressed = 'package p\n\nvar cache map[string]int\n\nfunc load(f func(any)) { f(&cache) }\n\nfunc put(k string) { cache[k] = 1 }\n';
    expect(lines(await analyze(addressed))).toEqual([]);
  });

  it("a package-level map bound to another package's variable with go:linkname", async () => {
    const text = 'package p\n\nimport _ "unsafe"\n\n//go:linkname cache other.cache\nvar cache map[string]int\n\nfunc put(k string) { cache[k] = 1 }\n';
    expect(lines(await analyze(text))).toEqual([]);
    expect(lines(await analyze(text.replace("//go:linkname cache other.cache\n", "")))).toEqual([7]);
  });

  it("another directory is another package, even with the same package clause", async () => {
    const files: SourceFile[] = [
      { path: "a/x.go", text: "package p\n\nvar cache map[string]int\n\nfunc put(k string) { cache[k] = 1 }\n" },
      { path: "b/x.go", text: "package p\n\nfunc init() { cache = make(map[string]int) }\n" },
    ];
    expect((await analyze(files)).findings.map((f) => f.location.path)).toEqual(["a/x.go"]);
  });
});

describe("nil-map-write: fixes", () => {
  const cases: [string, string, string][] = [
    ["local var", 'package p\n\nfunc f() {\n\tvar m map[string]int // counts\n\tm["a"] = 1\n}\n', "\tm := make(map[string]int) // counts"],
    ["named map type", 'package p\n\ntype L map[string]int\n\nfunc f() {\n\tvar m L\n\tm["a"] = 1\n}\n', "\tm := make(L)"],
    ["var group spec", 'package p\n\nfunc f() {\n\tvar (\n\t\tm map[string]int\n\t)\n\tm["a"] = 1\n}\n', "\t\tm = make(map[string]int)"],
    ["package level", 'package p\n\nvar m map[string]int\n\nfunc f() { m["a"] = 1 }\n', "var m = make(map[string]int)"],
    ["named result", 'package p\n\nfunc f() (m map[string]int) {\n\tm["a"] = 1\n\treturn\n}\n', "func f() (m map[string]int) {\n\tm = make(map[string]int)"],
    ["reset to nil", 'package p\n\nfunc f() {\n\tm := make(map[string]int)\n\tm["a"] = 1\n\tm = nil\n\tm["b"] = 2\n}\n', "\tm = make(map[string]int)"],
  ];

  it.each(cases)("%s: the fix parses and removes its finding", async (_name, text, replacement) => {
    const file = { path: "p/a.go", text };
    const before = await analyze([file]);
    expect(before.findings).toHaveLength(1);
    const [finding] = before.findings;
    expect(finding.fix?.edits.map((e) => e.replacement)).toEqual([replacement]);
    const fixed = { path: file.path, text: applyFix(file, finding) };
    const after: AnalysisResult = await analyze([fixed]);
    expect(after.notes).toEqual([]);
    expect(after.findings.map((f) => f.fingerprint)).not.toContain(finding.fingerprint);
    expect(after.findings).toEqual([]);
  });

  it("keeps CRLF line endings intact", async () => {
    const file = { path: "p/a.go", text: 'package p\r\n\r\nfunc f() {\r\n\tvar m map[string]int\r\n\tm["a"] = 1\r\n}\r\n' };
    const [finding] = (await analyze([file])).findings;
    expect(finding.fix?.edits[0].replacement).toBe("\tm := make(map[string]int)");
    const fixed = applyFix(file, finding);
    expect(fixed).toBe(file.text.replace("var m map[string]int", "m := make(map[string]int)"));
    expect((await analyze([{ path: file.path, text: fixed }])).findings).toEqual([]);
  });

  it.each([
    ["two names on one declaration", 'package p\n\nfunc f() {\n\tvar a, m map[string]int\n\t_ = a\n\tm["a"] = 1\n}\n'],
    ["a trailing statement on the declaration line", 'package p\n\nfunc f() {\n\tvar m map[string]int; _ = m\n\tm["a"] = 1\n}\n'],
    ["a named result whose body continues on the signature line", 'package p\n\nfunc f() (m map[string]int) { m["a"] = 1\n\treturn\n}\n'],
    ["a reset to nil sharing its line", 'package p\n\nfunc f() {\n\tm := make(map[string]int)\n\tm["a"] = 1\n\tm = nil; _ = m\n\tm["b"] = 2\n}\n'],
  ])("no fix when %s", async (_name, text) => {
    const result = await analyze(text);
    expect(result.findings).toHaveLength(1);
    expect(result.findings[0].fix).toBeUndefined();
  });
});
