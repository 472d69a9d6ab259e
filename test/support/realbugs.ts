// The real-bug corpus (fixtures/realbugs/README.md): reproductions of public
// bug reports, each a `bug/` program beside its `fixed/` twin. Scores an
// analysis the way a user judges it: is the bug found, is the twin silent?
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Finding, SourceFile } from "../../src/analysis/types.js";
import { REPO_ROOT, repoPath } from "./fixtures.js";

export const REALBUGS_DIR = join(REPO_ROOT, "fixtures", "realbugs");

export type Family = "races" | "nil";

/** Which rules count as finding a bug of each family. */
export const FAMILY_RULES: Record<Family, ReadonlySet<string>> = {
  races: new Set([
    "map-goroutine-race",
    "map-handler-write",
    "map-sent-then-mutated",
    "map-unguarded-field",
    "map-write-under-rlock",
    "map-escapes-lock",
  ]),
  nil: new Set(["nil-map-write", "nil-map-field-write", "nil-inner-map-write"]),
};

export interface RealBug {
  family: Family;
  slug: string;
  /** Repository-relative directory of the reproduction, e.g. fixtures/realbugs/races/x. */
  dir: string;
  bug: SourceFile[];
  fixed: SourceFile[];
  /** The report the reproduction cites (first `// Report:` line). */
  report: string;
  /** `path:line` of every line marked `// bug`. */
  marked: Set<string>;
}

export function listRealBugs(): RealBug[] {
  const out: RealBug[] = [];
  for (const family of ["races", "nil"] as const) {
    const familyDir = join(REALBUGS_DIR, family);
    if (!existsSync(familyDir)) continue;
    for (const entry of readdirSync(familyDir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (!entry.isDirectory()) continue;
      const dir = join(familyDir, entry.name);
      const bug = goFiles(join(dir, "bug"));
      const fixed = goFiles(join(dir, "fixed"));
      if (bug.length === 0 || fixed.length === 0) continue;
      out.push({ family, slug: entry.name, dir: repoPath(dir), bug, fixed, report: reportOf(bug), marked: markedLines(bug) });
    }
  }
  return out;
}

function goFiles(dir: string): SourceFile[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith(".go"))
    .sort()
    .map((name) => ({ path: repoPath(join(dir, name)), text: readFileSync(join(dir, name), "utf8") }));
}

const BUG_MARK = /\/\/\s*bug\b/;

function markedLines(files: SourceFile[]): Set<string> {
  const out = new Set<string>();
  for (const f of files) {
    f.text.split("\n").forEach((line, i) => {
      if (BUG_MARK.test(line) && !line.trimStart().startsWith("//")) out.add(`${f.path}:${i + 1}`);
    });
  }
  return out;
}

function reportOf(files: SourceFile[]): string {
  for (const f of files) {
    const m = /^\/\/ Report: (\S+)/m.exec(f.text);
    if (m) return m[1];
  }
  return "";
}

const serious = (f: Finding) => f.severity !== "notice";

/** The bug's findings of its family that touch a `// bug` line (primary or related location). */
export function hits(bug: RealBug, findings: readonly Finding[]): Finding[] {
  const on = (path: string, line: number) => bug.marked.has(`${path}:${line}`);
  return findings.filter(
    (f) =>
      serious(f) &&
      FAMILY_RULES[bug.family].has(f.ruleId) &&
      (on(f.location.path, f.location.startLine) || f.related.some((r) => on(r.location.path, r.location.startLine))),
  );
}

/** Errors and warnings on the fixed twin: every one is a false alarm. */
export function falseAlarms(findings: readonly Finding[]): Finding[] {
  return findings.filter(serious);
}

export interface Score {
  bug: RealBug;
  found: boolean;
  hits: Finding[];
  twinAlarms: Finding[];
}

export function summarise(scores: readonly Score[]): string[] {
  const lines: string[] = [];
  for (const family of ["races", "nil"] as const) {
    const list = scores.filter((s) => s.bug.family === family);
    if (list.length === 0) continue;
    const found = list.filter((s) => s.found).length;
    const alarms = list.reduce((n, s) => n + s.twinAlarms.length, 0);
    lines.push(`${family.padEnd(6)} found ${found} of ${list.length}; false alarms on fixed twins: ${alarms}`);
  }
  return lines;
}
