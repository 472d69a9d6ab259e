// Reading the Go fixtures under fixtures/go and their expectations: `// want`
// annotations per line and the `// mapguard:run` header of runnable programs.
// The convention is described in fixtures/go/README.md.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import type { Finding, SourceFile } from "../../src/analysis/types.js";

export const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const FIXTURES_DIR = join(REPO_ROOT, "fixtures", "go");

/** The files of one directory, analysed together as one package set. */
export interface FixturePackage {
  /** Repository-relative directory, `/`-separated, e.g. "fixtures/go/nil-map-write/two-file". */
  dir: string;
  /** The rule the fixture belongs to: the first directory under fixtures/go. */
  ruleId: string;
  /** Repository-relative paths, so findings carry the same paths a pull request would. */
  files: SourceFile[];
  run: RunExpectation | null;
}

export type RunExpectation = { kind: "panics"; message: string } | { kind: "ok" } | { kind: "races" };

/** One expected or actual finding, reduced to what a fixture can state. */
export interface Expectation {
  path: string;
  line: number;
  ruleId: string;
}

export function toPosix(path: string): string {
  return path.split(sep).join("/");
}

export function repoPath(absolute: string): string {
  return toPosix(relative(REPO_ROOT, absolute));
}

/** Rule ids that have a fixture directory (the first level under fixtures/go). */
export function fixtureRuleDirs(): string[] {
  return readdirSync(FIXTURES_DIR, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

/** Every directory holding .go files under fixtures/go/<ruleId> (recursively), or under all rules. */
export function listFixturePackages(ruleId?: string): FixturePackage[] {
  const roots = ruleId === undefined ? fixtureRuleDirs() : [ruleId];
  const packages: FixturePackage[] = [];
  for (const rule of roots) collect(join(FIXTURES_DIR, rule), rule, packages);
  return packages.sort((a, b) => a.dir.localeCompare(b.dir));
}

function collect(absDir: string, ruleId: string, out: FixturePackage[]): void {
  const entries = readdirSync(absDir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
  const files: SourceFile[] = entries
    .filter((e) => e.isFile() && e.name.endsWith(".go"))
    .map((e) => {
      const abs = join(absDir, e.name);
      return { path: repoPath(abs), text: readFileSync(abs, "utf8") };
    });
  if (files.length > 0) {
    out.push({ dir: repoPath(absDir), ruleId, files, run: runExpectation(files) });
  }
  for (const e of entries) if (e.isDirectory()) collect(join(absDir, e.name), ruleId, out);
}

const RUN_HEADER = /^\/\/ mapguard:run (?:(ok)|(races)|panics "([^"]+)")\s*$/;

/**
 * A directory is runnable when one of its files starts with a
 * `// mapguard:run` header; a malformed header is an error, not a silent skip.
 */
export function runExpectation(files: SourceFile[]): RunExpectation | null {
  for (const f of files) {
    const first = f.text.split("\n", 1)[0] ?? "";
    if (!first.startsWith("// mapguard:run")) continue;
    const m = RUN_HEADER.exec(first);
    if (!m) throw new Error(`[mapguard] ${f.path}:1: malformed run header ${JSON.stringify(first)}`);
    if (m[1]) return { kind: "ok" };
    return m[2] ? { kind: "races" } : { kind: "panics", message: m[3] ?? "" };
  }
  return null;
}

// `// want "a" "b"` closes a line; `/* want "a" */` may sit anywhere on it,
// for lines whose own trailing comment must stay intact (suppressions).
const WANT_LINE_END = /\/\/ want((?:\s+"[^"]+")+)\s*$/;
const WANT_BLOCK = /\/\* want((?:\s+"[^"]+")+)\s*\*\//g;
const QUOTED = /"([^"]+)"/g;

/** The findings a fixture file announces, one per (line, rule id). */
export function parseWants(file: SourceFile): Expectation[] {
  const wants: Expectation[] = [];
  file.text.split("\n").forEach((text, i) => {
    const lists: string[] = [];
    const end = WANT_LINE_END.exec(text);
    if (end?.[1]) lists.push(end[1]);
    for (const block of text.matchAll(WANT_BLOCK)) if (block[1]) lists.push(block[1]);
    for (const list of lists) {
      for (const q of list.matchAll(QUOTED)) if (q[1]) wants.push({ path: file.path, line: i + 1, ruleId: q[1] });
    }
  });
  return wants;
}

export function expectationKey(e: Expectation): string {
  return `${e.path}:${e.line} ${e.ruleId}`;
}

export function findingExpectation(f: Finding): Expectation {
  return { path: f.location.path, line: f.location.startLine, ruleId: f.ruleId };
}

export interface Comparison {
  missing: Expectation[];
  unexpected: Finding[];
}

/** Compares findings with announced expectations as sets of (path, line, rule id). */
export function compareWithWants(wants: Expectation[], findings: Finding[]): Comparison {
  const wanted = new Set(wants.map(expectationKey));
  const found = new Set(findings.map((f) => expectationKey(findingExpectation(f))));
  return {
    missing: wants.filter((w) => !found.has(expectationKey(w))),
    unexpected: findings.filter((f) => !wanted.has(expectationKey(findingExpectation(f)))),
  };
}

/** One readable report of every disagreement, with the source line for context. */
export function describeComparison(pkg: FixturePackage, c: Comparison): string {
  const lineOf = (path: string, line: number): string =>
    (pkg.files.find((f) => f.path === path)?.text.split("\n")[line - 1] ?? "").trim();
  const out: string[] = [];
  for (const m of c.missing) out.push(`  missing    ${m.path}:${m.line} ${m.ruleId}\n             ${lineOf(m.path, m.line)}`);
  for (const f of c.unexpected) {
    const { path, startLine } = f.location;
    out.push(`  unexpected ${path}:${startLine} ${f.ruleId}: ${f.message}\n             ${lineOf(path, startLine)}`);
  }
  return `${pkg.dir}: ${c.missing.length} missing, ${c.unexpected.length} unexpected\n${out.join("\n")}`;
}

export function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
