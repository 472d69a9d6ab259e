// The command line applies the analysed repository's .github/mapguard.yml as
// the GitHub App does, or --config's file, or none with --no-config.
import { execFileSync } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import type { Finding, SkippedFile } from "../../src/analysis/types.js";
import { CHILD_PROCESS_TIMEOUT, NIL_WRITE, runCli, tempTree } from "./run-cli.js";

function repo(files: Record<string, string>): ReturnType<typeof tempTree> {
  const tree = tempTree(files);
  execFileSync("git", ["init", "-q"], { cwd: tree.dir });
  return tree;
}

function json(stdout: string): { findings: Finding[]; skipped: SkippedFile[] } {
  return JSON.parse(stdout) as { findings: Finding[]; skipped: SkippedFile[] };
}

describe("mapguard analyze and .github/mapguard.yml", { timeout: CHILD_PROCESS_TIMEOUT }, () => {
  let tree: ReturnType<typeof tempTree> | undefined;
  afterEach(() => tree?.remove());

  it("turns a rule off and sets fail_on from the repository's config, read from the repository root even in a subdirectory", async () => {
    tree = repo({ "svc/p/a.go": NIL_WRITE, ".github/mapguard.yml": "rules:\n  nil-map-write: off\n" });
    const off = await runCli(["analyze", "--format", "json", "p"], `${tree.dir}/svc`);
    expect(off.stderr).toBe("");
    expect(json(off.stdout).findings).toEqual([]);
    expect(off.code).toBe(0);

    tree.remove();
    tree = repo({ "p/a.go": NIL_WRITE, ".github/mapguard.yml": "fail_on: never\n" });
    const never = await runCli(["analyze"], tree.dir);
    expect(never.stdout).toContain("p/a.go:5:2: error:");
    expect(never.code).toBe(0);
    // The command line's own option wins over the file.
    const strict = await runCli(["analyze", "--fail-on", "error"], tree.dir);
    expect(strict.code).toBe(1);
  });

  it("skips paths.exclude with the bot's reason", async () => {
    tree = repo({ "p/a.go": NIL_WRITE, "gen/b.go": NIL_WRITE, ".github/mapguard.yml": 'paths:\n  exclude: ["gen/**"]\n' });
    const run = await runCli(["analyze", "--format", "json"], tree.dir);
    const out = json(run.stdout);
    expect(out.findings.map((f) => f.location.path)).toEqual(["p/a.go"]);
    expect(out.skipped).toContainEqual({ path: "gen/b.go", reason: "excluded by paths.exclude in .github/mapguard.yml" });
  });

  it("--no-config ignores the file and --config reads another one", async () => {
    tree = repo({ "p/a.go": NIL_WRITE, ".github/mapguard.yml": "rules:\n  nil-map-write: off\n", "strict.yml": "fail_on: warning\n" });
    const none = await runCli(["analyze", "--no-config"], tree.dir);
    expect(none.code).toBe(1);
    expect(none.stdout).toContain("[nil-map-write]");
    const other = await runCli(["analyze", "--config", "strict.yml"], tree.dir);
    expect(other.code).toBe(1);
    expect(other.stdout).toContain("[nil-map-write]");
  });

  it.each([
    ["fail_on: fatal\n", /^\[mapguard\] invalid \.github\/mapguard\.yml: fail_on must be one of error \| warning \| notice \| never \(or run with --no-config\)\n$/],
    ["rules:\n  nil-map-writes: off\n", /^\[mapguard\] invalid \.github\/mapguard\.yml: unknown rule rules\.nil-map-writes \(known: .*\)/],
    ["fail_on: [error\n", /^\[mapguard\] could not read \.github\/mapguard\.yml: .+\n$/],
  ])("stops with exit 2 and one line naming the problem for %j", async (config, message) => {
    tree = repo({ "p/a.go": NIL_WRITE, ".github/mapguard.yml": config });
    const run = await runCli(["analyze"], tree.dir);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(message);
  });

  it("names the --config file in its errors, and a missing one", async () => {
    tree = repo({ "p/a.go": NIL_WRITE, "bad.yml": "review:\n  comment: false\n" });
    const bad = await runCli(["analyze", "--config", "bad.yml"], tree.dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^\[mapguard\] invalid bad\.yml: unknown key review\.comment \(allowed: comments, suggestions, max_comments\)/);
    const missing = await runCli(["analyze", "--config", "nope.yml"], tree.dir);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe("[mapguard] --config: no such file: nope.yml; give the path of a mapguard.yml, or drop --config\n");
  });
});
