// The fixture and toolchain helpers decide what the rule, oracle and meta
// tests compare; a bug here would make those tests pass vacuously.
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Finding } from "../../src/analysis/types.js";
import { compareWithWants, parseWants, runExpectation } from "./fixtures.js";
import { mkdir, writeFile } from "node:fs/promises";
import { applyLineEdits, GO_SLOTS, goBuild, goroot, hasGo, panicSite, removeTemp, runProgram, shiftedLine, vetModule, writeTempPackage } from "./go-toolchain.js";
import { level2Headings, section } from "./rule-docs.js";

const finding = (path: string, line: number, ruleId: string): Finding => ({
  ruleId,
  severity: "error",
  location: { path, startLine: line, startColumn: 1, endLine: line, endColumn: 2 },
  message: "m is nil",
  related: [],
  fingerprint: `${ruleId}:${line}`,
});

describe("fixture helpers", () => {
  it("reads // want at the end of a line and /* want */ anywhere on it", () => {
    const text = [
      "package p",
      'm[k] = v // want "nil-map-write"',
      'm[k]++ // want "a" "b"',
      '/* want "suppression" */ //mapguard:ignore x reason',
      '//mapguard:ignore x reason // want "x" mentioned mid-comment',
      's := "// want \\"y\\"" + x',
    ].join("\n");
    expect(parseWants({ path: "p.go", text })).toEqual([
      { path: "p.go", line: 2, ruleId: "nil-map-write" },
      { path: "p.go", line: 3, ruleId: "a" },
      { path: "p.go", line: 3, ruleId: "b" },
      { path: "p.go", line: 4, ruleId: "suppression" },
    ]);
  });

  it("reports missing and unexpected findings together", () => {
    const wants = [
      { path: "p.go", line: 2, ruleId: "r" },
      { path: "p.go", line: 3, ruleId: "r" },
    ];
    const c = compareWithWants(wants, [finding("p.go", 2, "r"), finding("p.go", 3, "other"), finding("p.go", 9, "r")]);
    expect(c.missing).toEqual([{ path: "p.go", line: 3, ruleId: "r" }]);
    expect(c.unexpected.map((f) => `${f.location.startLine} ${f.ruleId}`)).toEqual(["3 other", "9 r"]);
  });

  it("reads run headers and refuses malformed ones", () => {
    expect(runExpectation([{ path: "m.go", text: '// mapguard:run panics "boom"\npackage main\n' }])).toEqual({ kind: "panics", message: "boom" });
    expect(runExpectation([{ path: "m.go", text: "// mapguard:run ok\npackage main\n" }])).toEqual({ kind: "ok" });
    expect(runExpectation([{ path: "m.go", text: "package main\n" }])).toBeNull();
    expect(() => runExpectation([{ path: "m.go", text: "// mapguard:run panic boom\n" }])).toThrow(/malformed run header/);
  });
});

describe("toolchain helpers", () => {
  const file = { path: "a.go", text: "l1\nl2\nl3\nl4\nl5\n" };

  it("applies whole-line edits bottom-up and tracks where lines move", () => {
    const edits = [
      { path: "a.go", startLine: 1, endLine: 1, replacement: "L1\nL1b" },
      { path: "a.go", startLine: 4, endLine: 5, replacement: "L45" },
    ];
    expect(applyLineEdits([file], edits)[0]?.text).toBe("L1\nL1b\nl2\nl3\nL45\n");
    expect(shiftedLine("a.go", 3, edits)).toBe(4);
    expect(shiftedLine("a.go", 4, edits)).toBeNull();
    expect(shiftedLine("b.go", 3, edits)).toBe(3);
  });

  it("refuses overlapping edits and edits outside the package", () => {
    const overlap = [
      { path: "a.go", startLine: 1, endLine: 2, replacement: "x" },
      { path: "a.go", startLine: 2, endLine: 3, replacement: "y" },
    ];
    expect(() => applyLineEdits([file], overlap)).toThrow(/overlap/);
    expect(() => applyLineEdits([file], [{ path: "z.go", startLine: 1, endLine: 1, replacement: "" }])).toThrow(/not a file/);
  });

  it("finds the user frame of a panic, skipping runtime frames", () => {
    const stderr = [
      "panic: assignment to entry in nil map",
      "",
      "goroutine 1 [running]:",
      "runtime.mapassign_faststr(...)",
      "\t/usr/lib/go-1.19/src/runtime/map_faststr.go:205 +0x1",
      "main.tally(...)",
      "\t/tmp/x/main.go:37",
      "main.main()",
      "\t/tmp/x/main.go:62 +0x27e",
    ].join("\n");
    expect(panicSite(stderr)).toEqual({ file: "main.go", line: 37 });
    expect(panicSite("exit status 1")).toBeNull();
  });

  it.skipIf(goroot === null)("traces a panic raised inside the standard library to its caller", () => {
    const stderr = [
      "panic: assignment to entry in nil map",
      "",
      "goroutine 1 [running]:",
      "net/http.Header.Set(...)",
      `\t${goroot ?? ""}src/net/http/header.go:40`,
      "main.probe(...)",
      "\t/tmp/x/main.go:19",
    ].join("\n");
    expect(panicSite(stderr)).toEqual({ file: "main.go", line: 19 });
  });
});

describe("docs helpers", () => {
  it("ignores headings inside code fences", () => {
    const md = "# t\n## A\ntext\n```go\n## not a heading\n```\n## B\nb text\n";
    expect(level2Headings(md)).toEqual(["A", "B"]);
    expect(section(md, "A")).toContain("## not a heading");
    expect(section(md, "B").trim()).toBe("b text");
  });
});

describe("running the Go toolchain", () => {
  it("runs as many go commands at once as the machine has cores", () => {
    expect(GO_SLOTS).toBe(Math.max(1, availableParallelism()));
  });

  it.skipIf(!hasGo)("builds a program once and runs the binary as often as asked", async () => {
    const dir = await writeTempPackage([{ path: "main.go", text: 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("ran") }\n' }]);
    try {
      const built = await goBuild(dir, ".", join(dir, "program"));
      expect(built.code, built.stderr).toBe(0);
      const runs = await Promise.all([runProgram(built.binary, dir), runProgram(built.binary, dir)]);
      expect(runs.map((r) => [r.code, r.stdout])).toEqual([
        [0, "ran\n"],
        [0, "ran\n"],
      ]);
    } finally {
      await removeTemp(dir);
    }
  });

  it.skipIf(!hasGo)("vets a whole module in one go command and says which package each complaint is about", async () => {
    const dir = await writeTempPackage([]);
    try {
      await mkdir(join(dir, "good"));
      await mkdir(join(dir, "bad"));
      await writeFile(join(dir, "good", "good.go"), 'package good\n\nimport "fmt"\n\nfunc F() { fmt.Printf("%d", 1) }\n');
      await writeFile(join(dir, "bad", "bad.go"), 'package bad\n\nimport "fmt"\n\nfunc F() { fmt.Printf("%d", "one") }\n');
      const vet = await vetModule(dir);
      expect(vet.code).not.toBe(0);
      expect([...vet.byPackage.keys()]).toEqual(["mapguard.test/fixture/bad"]);
      expect(vet.byPackage.get("mapguard.test/fixture/bad")).toMatch(/bad\.go:5:\d+: .*Printf format %d has arg "one" of wrong type string/);
      expect(vet.stray).toBe("");
    } finally {
      await removeTemp(dir);
    }
  });
});
