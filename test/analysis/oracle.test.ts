// Checks the fixtures and the fixes against the real Go toolchain: a fixture
// that says it panics really panics, a safe one really runs clean, and every
// fix the analysis offers still compiles, removes its finding and (for
// runnable programs) removes the panic. Needs `go` on PATH; skips otherwise.
import { basename, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAnalyzer } from "../../src/analysis/analyze.js";
import type { Analyzer } from "../../src/analysis/analyze.js";
import type { Finding, LineEdit } from "../../src/analysis/types.js";
import { FIXTURES_DIR, listFixturePackages, parseWants } from "../support/fixtures.js";
import type { FixturePackage } from "../support/fixtures.js";
import {
  applyLineEdits,
  goBuild,
  hasGo,
  vetModule,
  panicSite,
  RACE_ENV,
  removeTemp,
  reportsRace,
  runGo,
  runProgram,
  shiftedLine,
  writeTempPackage,
} from "../support/go-toolchain.js";
import { goExamples, ruleDocIds } from "../support/rule-docs.js";

const GO_TIMEOUT = 600_000;
/** A race needs the goroutines to overlap, which a loaded machine may not give on the first run. */
const RACE_ATTEMPTS = 3;
const packages = listFixturePackages();
const runnable = packages.filter((p) => p.run !== null);

if (!hasGo) {
  console.warn("[mapguard] `go` is not on PATH: skipping the Go toolchain oracle tests (install the Debian package golang-go to run them)");
}

let analyzer: Analyzer;
beforeAll(async () => {
  analyzer = await createAnalyzer();
});

/**
 * Each fixture folder as written is copied once, and its program built once:
 * the vet test and the run test share the copy, and a race that needs a few
 * runs runs the same binary again instead of compiling and linking anew.
 */
const asWritten = new Map<string, Promise<string>>();
const programs = new Map<string, Promise<Awaited<ReturnType<typeof goBuild>>>>();

function copyOf(pkg: FixturePackage): Promise<string> {
  let dir = asWritten.get(pkg.dir);
  if (!dir) asWritten.set(pkg.dir, (dir = writeTempPackage(pkg.files)));
  return dir;
}

/** The fixture's program, built once: with the race detector for every kind but a panic (the detector would not change it). */
function programOf(pkg: FixturePackage): ReturnType<typeof goBuild> {
  let built = programs.get(pkg.dir);
  if (!built) {
    const race = pkg.run?.kind !== "panics";
    built = copyOf(pkg).then((dir) => goBuild(dir, ".", join(dir, race ? "program.race" : "program"), { race }));
    programs.set(pkg.dir, built);
  }
  return built;
}

afterAll(async () => {
  await Promise.all([...asWritten.values()].map(async (dir) => removeTemp(await dir)));
});

/** fixtures/go is one module (mapguard.test/fixtures): every folder as written is vetted by one go vet ./... */
const FIXTURES_MODULE = "mapguard.test/fixtures";
let fixturesVet: ReturnType<typeof vetModule> | undefined;

function vetAsWritten(pkg: FixturePackage): Promise<{ said: string; stray: string }> {
  fixturesVet ??= vetModule(FIXTURES_DIR);
  return fixturesVet.then((vet) => ({
    said: vet.byPackage.get(`${FIXTURES_MODULE}${pkg.dir.slice("fixtures/go".length)}`) ?? "",
    stray: vet.code !== 0 && vet.byPackage.size === 0 ? vet.stray : "",
  }));
}

/** Runs `go <args>` in a temp copy of `files`, always cleaning up. */
async function inTempPackage<T>(files: FixturePackage["files"], work: (dir: string) => Promise<T>): Promise<T> {
  const dir = await writeTempPackage(files);
  try {
    return await work(dir);
  } finally {
    await removeTemp(dir);
  }
}

function where(f: Finding): string {
  return `${f.location.path}:${f.location.startLine} ${f.ruleId}`;
}

/** Everything wrong with one finding's fix, as readable lines; empty when it is good. */
async function fixProblems(pkg: FixturePackage, finding: Finding, edits: LineEdit[]): Promise<string[]> {
  const label = `fix for ${where(finding)} (${finding.fix?.description ?? ""})`;
  let fixed: FixturePackage["files"];
  try {
    fixed = applyLineEdits(pkg.files, edits);
  } catch (error) {
    return [`${label}: cannot be applied: ${(error as Error).message}`];
  }
  const problems: string[] = [];
  const line = shiftedLine(finding.location.path, finding.location.startLine, edits);
  const again = analyzer.analyzeFiles(fixed);
  if (again.notes.length > 0) problems.push(`${label}: re-analysis notes ${JSON.stringify(again.notes)}`);
  const stillThere = again.findings.filter(
    (f) =>
      f.ruleId === finding.ruleId &&
      (line === null ? f.fingerprint === finding.fingerprint : f.location.path === finding.location.path && f.location.startLine === line),
  );
  if (stillThere.length > 0) problems.push(`${label}: the finding is still reported after the fix (${stillThere.map(where).join(", ")})`);

  await inTempPackage(fixed, async (dir) => {
    const vet = await runGo(["vet", "."], dir);
    if (vet.code !== 0) problems.push(`${label}: go vet fails after the fix:\n${vet.stderr}`);
    // Race fixtures are checked with every fix applied at once (allFixesProblems), under -race.
    if (pkg.run === null || pkg.run.kind === "races" || vet.code !== 0) return;
    const run = await runGo(["run", "."], dir);
    if (pkg.run.kind === "ok" && run.code !== 0) {
      problems.push(`${label}: the fixed program no longer runs clean:\n${run.stderr}`);
    }
    if (pkg.run.kind === "panics" && run.stderr.includes(`panic: ${pkg.run.message}`)) {
      const site = panicSite(run.stderr);
      if (site && site.file === basename(finding.location.path) && site.line === line) {
        problems.push(`${label}: the fixed program still panics on that line:\n${run.stderr}`);
      }
    }
  });
  return problems;
}

/** Runs a race fixture's program (built with the race detector) until it reports a race (or attempts run out). */
async function runRacing(binary: string, dir: string): Promise<{ raced: boolean; stderr: string }> {
  let stderr = "";
  for (let i = 0; i < RACE_ATTEMPTS; i++) {
    const run = await runProgram(binary, dir);
    stderr = run.stderr;
    if (reportsRace(stderr)) return { raced: true, stderr };
  }
  return { raced: false, stderr };
}

/** With every offered fix applied at once, a runnable positive must run clean (race fixtures: under -race). */
async function allFixesProblems(pkg: FixturePackage, findings: Finding[]): Promise<string[]> {
  const unfixed = findings.filter((f) => !f.fix || f.fix.edits.length === 0);
  if (unfixed.length > 0) {
    console.info(`[mapguard] ${pkg.dir}: not running with all fixes applied, ${unfixed.map(where).join(", ")} offer(s) no fix`);
    return [];
  }
  const unique = new Map<string, LineEdit>();
  for (const f of findings) for (const e of f.fix?.edits ?? []) unique.set(JSON.stringify(e), e);
  let fixed: FixturePackage["files"];
  try {
    fixed = applyLineEdits(pkg.files, [...unique.values()]);
  } catch (error) {
    return [`${pkg.dir}: the fixes cannot all be applied together: ${(error as Error).message}`];
  }
  const race = pkg.run?.kind === "races";
  return inTempPackage(fixed, async (dir) => {
    const run = race ? await runGo(["run", "-race", "."], dir, undefined, RACE_ENV) : await runGo(["run", "."], dir);
    const clean = run.code === 0 && !reportsRace(run.stderr);
    return clean ? [] : [`${pkg.dir}: with every fix applied the program still fails:\n${run.stderr}`];
  });
}

describe.concurrent("Go toolchain oracle", () => {
  it.skipIf(!hasGo).each(packages.map((p) => [p.dir, p] as const))(
    "%s passes go vet as written",
    async (_dir, pkg) => {
      const vet = await vetAsWritten(pkg);
      expect(vet.stray, "go vet ./... in fixtures/go").toBe("");
      expect(vet.said, `go vet ${pkg.dir}`).not.toMatch(/\S/);
    },
    GO_TIMEOUT,
  );

  it.skipIf(!hasGo).each(runnable.map((p) => [p.dir, p] as const))(
    "%s behaves under go run as its header says",
    async (_dir, pkg) => {
      const dir = await copyOf(pkg);
      const program = await programOf(pkg);
      expect(program.code, `go build ${pkg.dir}\n${program.stderr}`).toBe(0);
      if (pkg.run?.kind === "races") {
        const { raced, stderr } = await runRacing(program.binary, dir);
        expect(raced, `${pkg.dir} should report a race under the race detector (${RACE_ATTEMPTS} runs)\n${stderr}`).toBe(true);
        return;
      }
      // Safe programs run under the race detector too: "runs clean" includes "races with nothing".
      const run = await runProgram(program.binary, dir);
      if (pkg.run?.kind === "panics") {
        expect(run.code, `${pkg.dir} should exit non-zero`).not.toBe(0);
        expect(run.stderr).toContain(`panic: ${pkg.run.message}`);
        // The panic must come from a line the fixture announces, not from a typo elsewhere.
        const site = panicSite(run.stderr);
        const announced = pkg.files.flatMap(parseWants).map((w) => `${basename(w.path)}:${w.line}`);
        expect(announced, `panic site in ${pkg.dir}`).toContain(site ? `${site.file}:${site.line}` : "(no panic site in stderr)");
      } else {
        expect(run.stderr, `${pkg.dir} should run clean`).not.toContain("panic:");
        expect(reportsRace(run.stderr), `${pkg.dir} should run clean under -race\n${run.stderr}`).toBe(false);
        expect(run.code).toBe(0);
      }
    },
    GO_TIMEOUT,
  );

  it.skipIf(!hasGo).each(packages.map((p) => [p.dir, p] as const))(
    "%s: every offered fix vets, removes its finding and its panic",
    async (_dir, pkg) => {
      const findings = analyzer.analyzeFiles(pkg.files).findings;
      const fixable = findings.filter((f) => f.fix && f.fix.edits.length > 0);
      const problems = (await Promise.all(fixable.map((f) => fixProblems(pkg, f, f.fix?.edits ?? [])))).flat();
      const positive = pkg.run?.kind === "panics" || pkg.run?.kind === "races";
      if (positive && findings.length > 0) problems.push(...(await allFixesProblems(pkg, findings)));
      expect(problems, problems.join("\n\n")).toEqual([]);
    },
    GO_TIMEOUT,
  );

  it.skipIf(!hasGo).each(ruleDocIds())(
    "docs/rules/%s.md: the Incorrect and Correct examples pass go vet",
    async (id) => {
      const examples = [...goExamples(id, "Incorrect"), ...goExamples(id, "Correct")];
      expect(examples.length).toBeGreaterThan(0);
      const problems: string[] = [];
      await Promise.all(
        examples.map(async (example) => {
          const vet = await inTempPackage([example], (dir) => runGo(["vet", "."], dir));
          if (vet.code !== 0) problems.push(`${example.path}: go vet fails:\n${vet.stderr}`);
        }),
      );
      expect(problems, problems.join("\n\n")).toEqual([]);
    },
    GO_TIMEOUT,
  );

  // Without this the fix checks above would pass on an analyzer that offers nothing.
  it("the analysis offers at least one fix over the fixtures", () => {
    const fixes = packages.flatMap((p) => analyzer.analyzeFiles(p.files).findings.filter((f) => (f.fix?.edits.length ?? 0) > 0));
    expect(fixes.length).toBeGreaterThan(0);
  });
});
