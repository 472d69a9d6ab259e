// staticcheck's own test data for its nil-map check (SA5000, CheckNilMaps),
// from the Debian package golang-honnef-go-tools-dev: mapguard must report
// exactly the lines staticcheck's `//@ diag(...)` markers name, and nothing
// else of error or warning severity. Skips when the package is not installed.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { analyze } from "./helpers.js";

const DIR = "/usr/share/gocode/src/honnef.co/go/tools/staticcheck/testdata/src/example.com/CheckNilMaps";
const NIL_RULES = new Set(["nil-map-write", "nil-map-field-write", "nil-inner-map-write"]);
const present = existsSync(DIR);

if (!present) {
  console.warn("[mapguard] staticcheck's test data is not installed: skipping (apt-get install golang-honnef-go-tools-dev)");
}

describe.skipIf(!present)("staticcheck CheckNilMaps test data", () => {
  it("finds what staticcheck's markers name, and nothing else", async () => {
    const files = readdirSync(DIR)
      .filter((f) => f.endsWith(".go"))
      .map((f) => ({ path: `CheckNilMaps/${f}`, text: readFileSync(join(DIR, f), "utf8") }));
    const wanted = files.flatMap((f) =>
      f.text.split("\n").flatMap((line, i) => (/\/\/@ diag\(`assignment to nil map`\)/.test(line) ? [`${f.path}:${i + 1}`] : [])),
    );
    expect(wanted.length).toBeGreaterThan(0);
    const result = await analyze(files);
    const got = result.findings
      .filter((f) => f.severity === "error" || f.severity === "warning" || NIL_RULES.has(f.ruleId))
      .map((f) => `${f.location.path}:${f.location.startLine}`);
    expect(got.sort()).toEqual(wanted.sort());
  });
});
