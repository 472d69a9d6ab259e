import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { Finding } from "../../src/analysis/types.js";
import { CHILD_PROCESS_TIMEOUT, runCli, tempTree, writeTree } from "./run-cli.js";

const GIT_ENV = { ...process.env, GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@example.com", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@example.com" };

function git(dir: string, ...args: string[]): string {
  return execFileSync("git", args, { cwd: dir, env: GIT_ENV, encoding: "utf8" });
}

/** A repository whose one commit holds `files`; the caller then edits the working tree. */
function repoAt(files: Record<string, string>): ReturnType<typeof tempTree> {
  const tree = tempTree(files);
  git(tree.dir, "init", "-q");
  git(tree.dir, "add", "-A");
  git(tree.dir, "commit", "-q", "-m", "base");
  return tree;
}

// f has a nil-map write since the base commit (line 5); the change leaves it alone.
const OLD = 'package p\n\nfunc f() {\n\tvar m map[string]int\n\tm["a"] = 1\n}\n';
// h writes a map made a few lines up; the change deletes the make and nothing else.
const WITH_MAKE = 'package p\n\nfunc h() {\n\tvar m map[string]int\n\tm = make(map[string]int)\n\tx := 1\n\t_ = x\n\ty := 2\n\t_ = y\n\tm["a"] = 1\n}\n';
const WITHOUT_MAKE = WITH_MAKE.replace("\tm = make(map[string]int)\n", "");

async function findingsSince(dir: string, ...extra: string[]): Promise<{ code: number; findings: Finding[] }> {
  const run = await runCli(["analyze", "--base", "HEAD", "--format", "json", ...extra], dir);
  expect(run.stderr).toBe("");
  return { code: run.code, findings: (JSON.parse(run.stdout) as { findings: Finding[] }).findings };
}

describe("mapguard analyze --base", { timeout: CHILD_PROCESS_TIMEOUT }, () => {
  let tree: ReturnType<typeof tempTree> | undefined;
  afterEach(() => tree?.remove());

  it("reports the finding the change adds and not the one on an untouched old line, even when it moved down", async () => {
    tree = repoAt({ "p/a.go": OLD });
    // g goes above f, so f's old finding moves from line 5 to line 10.
    writeTree(tree.dir, { "p/a.go": OLD.replace("package p\n", 'package p\n\nfunc g() {\n\tvar n map[string]int\n\tn["b"] = 2\n}\n') });
    const whole = await runCli(["analyze", "--format", "json"], tree.dir);
    expect((JSON.parse(whole.stdout) as { findings: Finding[] }).findings.map((f) => f.location.startLine)).toEqual([5, 10]);

    const { code, findings } = await findingsSince(tree.dir);
    expect(code).toBe(1);
    expect(findings.map((f) => [f.location.path, f.location.startLine])).toEqual([["p/a.go", 5]]);
  });

  it("reports a write that became unsafe because the change only deleted the make above it", async () => {
    tree = repoAt({ "p/h.go": WITH_MAKE });
    writeTree(tree.dir, { "p/h.go": WITHOUT_MAKE });
    const { code, findings } = await findingsSince(tree.dir);
    expect(code).toBe(1);
    expect(findings.map((f) => [f.ruleId, f.location.path, f.location.startLine])).toEqual([["nil-map-write", "p/h.go", 9]]);
  });

  it("reports a write in an untouched file of the package when the change deletes the map's make in another file", async () => {
    const registry = "package p\n\nvar handlers map[string]int\n\nfunc init() {\n\thandlers = make(map[string]int)\n}\n";
    const register = 'package p\n\nfunc register(name string) {\n\thandlers[name] = 1\n}\n';
    tree = repoAt({ "p/registry.go": registry, "p/register.go": register });
    writeTree(tree.dir, { "p/registry.go": "package p\n\nvar handlers map[string]int\n" });
    const { code, findings } = await findingsSince(tree.dir);
    expect(code).toBe(1);
    expect(findings.map((f) => [f.ruleId, f.location.path, f.location.startLine])).toEqual([["nil-map-write", "p/register.go", 4]]);
  });

  it("reports nothing, and counts the fix, when the change repairs the old finding", async () => {
    tree = repoAt({ "p/h.go": WITHOUT_MAKE });
    writeTree(tree.dir, { "p/h.go": WITH_MAKE });
    const run = await runCli(["analyze", "--base", "HEAD"], tree.dir);
    expect(run).toMatchObject({ code: 0, stderr: "" });
    expect(run.stdout).toBe("No map hazards introduced since HEAD; 1 fixed; 1 file analysed.\n");
  });

  it("treats a new file git does not track yet as wholly added", async () => {
    tree = repoAt({ "p/a.go": OLD });
    writeTree(tree.dir, { "q/new.go": OLD.replace("package p", "package q") });
    const { findings } = await findingsSince(tree.dir);
    expect(findings.map((f) => [f.location.path, f.location.startLine])).toEqual([["q/new.go", 5]]);
  });

  it("only looks at changes under the paths given, shown relative to the repository root", async () => {
    tree = repoAt({ "p/a.go": "package p\n", "q/b.go": "package q\n" });
    writeTree(tree.dir, { "p/a.go": OLD, "q/b.go": OLD.replace("package p", "package q") });
    const inQ = await findingsSince(join(tree.dir, "q"));
    expect(inQ.findings.map((f) => f.location.path)).toEqual(["q/b.go"]);
    const onlyP = await findingsSince(tree.dir, "p");
    expect(onlyP.findings.map((f) => f.location.path)).toEqual(["p/a.go"]);
  });

  it("exits 2 for a revision the repository does not have, and outside a repository", async () => {
    tree = repoAt({ "p/a.go": OLD });
    const badRev = await runCli(["analyze", "--base", "no-such-branch"], tree.dir);
    expect(badRev.code).toBe(2);
    expect(badRev.stderr).toMatch(/^\[mapguard\] --base: "no-such-branch" is not a commit/);

    rmSync(join(tree.dir, ".git"), { recursive: true, force: true });
    const noRepo = await runCli(["analyze", "--base", "HEAD"], tree.dir);
    expect(noRepo.code).toBe(2);
    expect(noRepo.stderr).toMatch(/^\[mapguard\] --base needs a git repository, and \. is not inside one; [^\n]+\n$/);
  });
});
