// Running the real Go toolchain against fixtures, offline and in temp copies,
// so the checked-in tree is never written and no network is needed.
import { execFile, spawnSync } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { availableParallelism, tmpdir } from "node:os";
import { basename, join } from "node:path";
import type { LineEdit, SourceFile } from "../../src/analysis/types.js";

export const hasGo: boolean = (() => {
  try {
    return spawnSync("go", ["version"], { encoding: "utf8", timeout: 30_000 }).status === 0;
  } catch {
    return false;
  }
})();

/** Module mode with no dependencies, no proxy, no toolchain download, no cgo (no C compiler needed). */
export function goEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    GOFLAGS: "-mod=mod",
    GOPROXY: "off",
    GO111MODULE: "on",
    GOWORK: "off",
    GOTOOLCHAIN: "local",
    GOTELEMETRY: "off",
    CGO_ENABLED: "0",
    GOTRACEBACK: "single",
    // A stable cache dir keeps the second run fast; HOME may be unset in CI.
    GOCACHE: process.env.GOCACHE ?? join(tmpdir(), "mapguard-go-build"),
    GOPATH: process.env.GOPATH ?? join(tmpdir(), "mapguard-gopath"),
  };
}

export interface GoRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** One go command (or built program) per core: more only makes them fight over the same cores. */
export const GO_SLOTS = Math.max(1, availableParallelism());
const slots = GO_SLOTS;
let running = 0;
const waiting: (() => void)[] = [];

/** Bounded parallelism: go commands are CPU-heavy and use several cores each. */
async function withSlot<T>(work: () => Promise<T>): Promise<T> {
  if (running >= slots) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await work();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

/** The race detector needs cgo (and so a C compiler), unlike every other go command here. */
export const RACE_ENV: NodeJS.ProcessEnv = { CGO_ENABLED: "1" };

/** What `go run -race` prints when the race detector or the runtime's map check catches a race. */
export function reportsRace(stderr: string): boolean {
  return stderr.includes("WARNING: DATA RACE") || stderr.includes("fatal error: concurrent map");
}

export function runGo(args: string[], cwd: string, timeoutMs = 180_000, env: NodeJS.ProcessEnv = {}): Promise<GoRun> {
  return withSlot(
    () =>
      new Promise<GoRun>((resolve) => {
        execFile("go", args, { cwd, env: { ...goEnv(), ...env }, timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
          const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
          const killed = error?.killed ? `\n[mapguard] go ${args.join(" ")} killed after ${timeoutMs} ms` : "";
          resolve({ code, stdout, stderr: stderr + killed });
        });
      }),
  );
}

/**
 * Builds the package in `dir` (a directory or a package pattern like
 * `./bug`) once into an executable, so a program that must be run several
 * times (a race that may need a few tries) is compiled and linked once;
 * `go run` would do both on every run.
 */
export async function goBuild(cwd: string, pkg: string, output: string, options: { race?: boolean; timeoutMs?: number } = {}): Promise<GoRun & { binary: string }> {
  const args = ["build", ...(options.race ? ["-race"] : []), "-o", output, pkg];
  const run = await runGo(args, cwd, options.timeoutMs, options.race ? RACE_ENV : {});
  return { ...run, binary: output };
}

export interface ModuleVet {
  code: number;
  /** What go vet said about each package, keyed by import path; packages it was happy with are absent. */
  byPackage: Map<string, string>;
  /** Output under no package header (go vet failing as a whole). */
  stray: string;
}

/**
 * `go vet ./...` over a whole module in one command: go type-checks and vets
 * the packages in parallel on every core, instead of one go command (and one
 * load of the standard library's export data) per package. Vet writes only
 * to the build cache, never into the module.
 */
export async function vetModule(moduleDir: string, timeoutMs = 600_000): Promise<ModuleVet> {
  const run = await runGo(["vet", "./..."], moduleDir, timeoutMs);
  const byPackage = new Map<string, string>();
  let stray = "";
  let current: string | null = null;
  for (const line of run.stderr.split("\n")) {
    // "# example.com/m/pkg" or, for a test variant, "# example.com/m/pkg [example.com/m/pkg.test]".
    const header = /^# (\S+)/.exec(line);
    if (header) {
      current = header[1];
      byPackage.set(current, "");
    } else if (line.trim() !== "") {
      if (current === null) stray += `${line}\n`;
      else byPackage.set(current, `${byPackage.get(current) ?? ""}${line}\n`);
    }
  }
  return { code: run.code, byPackage, stray };
}

/** Runs a program built by goBuild, in the same bounded slots as the go commands. */
export function runProgram(binary: string, cwd: string, timeoutMs = 180_000): Promise<GoRun> {
  return withSlot(
    () =>
      new Promise<GoRun>((resolve) => {
        execFile(binary, [], { cwd, env: goEnv(), timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
          const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
          const killed = error?.killed ? `\n[mapguard] ${binary} killed after ${timeoutMs} ms` : "";
          resolve({ code, stdout, stderr: stderr + killed });
        });
      }),
  );
}

export const GO_MOD = "module mapguard.test/fixture\n\ngo 1.19\n";

/** Writes one package's files (by base name) plus a go.mod into a fresh temp directory. */
export async function writeTempPackage(files: SourceFile[]): Promise<string> {
  await mkdir(tmpdir(), { recursive: true });
  const dir = await mkdtemp(join(tmpdir(), "mapguard-fixture-"));
  await writeFile(join(dir, "go.mod"), GO_MOD);
  for (const f of files) await writeFile(join(dir, basename(f.path)), f.text);
  return dir;
}

export async function removeTemp(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

/**
 * Applies whole-line replacements (1-based, inclusive) bottom-up so earlier
 * edits do not move later ones. Throws on edits outside the files or overlapping.
 */
export function applyLineEdits(files: SourceFile[], edits: LineEdit[]): SourceFile[] {
  for (const e of edits) {
    if (!files.some((f) => f.path === e.path)) throw new Error(`[mapguard] edit targets ${e.path}, not a file of this package`);
  }
  return files.map((file) => {
    const mine = edits.filter((e) => e.path === file.path).sort((a, b) => b.startLine - a.startLine);
    const lines = file.text.split("\n");
    let floor = Number.POSITIVE_INFINITY;
    for (const e of mine) {
      if (e.startLine < 1 || e.endLine < e.startLine || e.endLine > lines.length) {
        throw new Error(`[mapguard] edit ${e.path}:${e.startLine}-${e.endLine} is outside the file (${lines.length} lines)`);
      }
      if (e.endLine >= floor) throw new Error(`[mapguard] edits overlap at ${e.path}:${e.startLine}-${e.endLine}`);
      lines.splice(e.startLine - 1, e.endLine - e.startLine + 1, ...e.replacement.split("\n"));
      floor = e.startLine;
    }
    return { path: file.path, text: lines.join("\n") };
  });
}

/** Where a line of `path` ends up after `edits`; null when an edit replaced it. */
export function shiftedLine(path: string, line: number, edits: LineEdit[]): number | null {
  let shifted = line;
  for (const e of edits) {
    if (e.path !== path) continue;
    if (line >= e.startLine && line <= e.endLine) return null;
    if (e.endLine < line) shifted += e.replacement.split("\n").length - (e.endLine - e.startLine + 1);
  }
  return shifted;
}

/** The toolchain's GOROOT, so that panics raised inside the standard library (`http.Header.Set`) are traced to their caller. */
export const goroot: string | null = (() => {
  if (!hasGo) return null;
  const out = spawnSync("go", ["env", "GOROOT"], { encoding: "utf8", timeout: 30_000 });
  return out.status === 0 && out.stdout.trim() !== "" ? `${out.stdout.trim()}/` : null;
})();

/** The user frame a Go panic was raised in: the first `file.go:line` of the panicking goroutine outside the runtime and the standard library. */
export function panicSite(stderr: string): { file: string; line: number } | null {
  const at = stderr.search(/^goroutine \d+ \[running\]:$/m);
  if (at < 0) return null;
  for (const m of stderr.slice(at).matchAll(/^\t(\S+\.go):(\d+)/gm)) {
    if (!m[1] || !m[2] || m[1].includes("/src/runtime/") || (goroot !== null && m[1].startsWith(goroot))) continue;
    return { file: basename(m[1]), line: Number(m[2]) };
  }
  return null;
}
