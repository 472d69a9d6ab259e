import { describe, expect, it } from "vitest";
import { fingerprint, normaliseWhitespace } from "../../src/analysis/fingerprint.js";
import { analyze } from "./helpers.js";

const FILE = 'package p\n\nfunc f() {\n\tvar m map[string]int\n\tm["a"] = 1\n}\n';

describe("fingerprints", () => {
  it("stay the same when lines above the finding move, while the line number changes", async () => {
    const [before] = (await analyze(FILE)).findings;
    const shifted = FILE.replace("package p\n", "package p\n\n// A comment that pushes everything down.\n\nimport _ \"fmt\"\n");
    const [after] = (await analyze(shifted)).findings;
    expect(after.location.startLine).toBe(before.location.startLine + 4);
    expect(after.fingerprint).toBe(before.fingerprint);
  });

  it("ignore whitespace changes on the flagged line", async () => {
    const [before] = (await analyze(FILE)).findings;
    const [after] = (await analyze(FILE.replace('\tm["a"] = 1', '\t  m["a"]   =   1  '))).findings;
    expect(after.fingerprint).toBe(before.fingerprint);
  });

  it("tell apart identical lines in one file, and the same line in another file", async () => {
    const twice = FILE + '\nfunc g() {\n\tvar m map[string]int\n\tm["a"] = 1\n}\n';
    const findings = (await analyze(twice)).findings;
    expect(findings).toHaveLength(2);
    expect(findings[0].fingerprint).not.toBe(findings[1].fingerprint);
    const [elsewhere] = (await analyze([{ path: "q/b.go", text: FILE }])).findings;
    expect(elsewhere.fingerprint).not.toBe(findings[0].fingerprint);
  });

  it("change when the flagged text or the map changes", () => {
    const base = { ruleId: "nil-map-write", path: "a.go", subject: "m", lines: ['m["a"] = 1'], startLine: 1, endLine: 1 };
    const fp = fingerprint(base);
    expect(fp).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(fingerprint({ ...base, lines: ['m["b"] = 1'] })).not.toBe(fp);
    expect(fingerprint({ ...base, subject: "n" })).not.toBe(fp);
    expect(fingerprint({ ...base, ruleId: "other" })).not.toBe(fp);
    expect(fingerprint({ ...base, lines: ["", "", '  m["a"]  = 1'], startLine: 3, endLine: 3 })).toBe(fp);
  });

  it("count earlier copies of a stretch of lines only where every line of it matches", () => {
    const at = (lines: string[], startLine: number) => fingerprint({ ruleId: "r", path: "a.go", subject: "m", lines, startLine, endLine: startLine + 1 });
    const first = at(["m[k] = v", "x()"], 1);
    // The same first line followed by another second line is not an earlier copy: the stretch is still the first of its kind.
    expect(at(["m[k] = v", "y()", "m[k] = v", "x()"], 3)).toBe(first);
    // Two earlier copies (one of them indented differently), and the one asked about is the third.
    const third = at(["m[k] = v", "x()", "  m[k] = v", "\tx()", "m[k] = v", "x()"], 5);
    expect(third).not.toBe(first);
    expect(at(["m[k] = v", "x()", "m[k] = v", "y()", "m[k] = v", "x()", "m[k] = v", "x()"], 7)).toBe(third);
  });

  it("normalise runs of whitespace to one space", () => {
    expect(normaliseWhitespace("\t a  =\t b \r")).toBe("a = b");
  });
});
