// What `npm pack` ships works on its own: compiled JavaScript and the wasm
// grammars (through the tree-sitter packages), no TypeScript sources and no
// tsx. The packed bin runs against a Go module in a temp directory, with
// every dependency of the checkout available except tsx.
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NIL_WRITE } from "./run-cli.js";

const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));
/** Building the package compiles the whole of src/: minutes on a loaded machine. */
const PACK_TIMEOUT = 600_000;

function run(file: string, args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(file, args, { cwd, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NODE_OPTIONS: "" } }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === "number" ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

describe("the npm package", () => {
  let work: string;
  let files: string[];
  let installed: string;
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), "mapguard-pack-"));
    const packed = await run("npm", ["pack", "--json", "--pack-destination", work], REPO_ROOT);
    expect(packed.code, packed.stderr).toBe(0);
    const [info] = JSON.parse(packed.stdout.slice(packed.stdout.indexOf("["))) as { filename: string; files: { path: string }[] }[];
    files = info.files.map((f) => f.path);
    installed = join(work, "package");
    const untar = await run("tar", ["-xzf", join(work, info.filename), "-C", work], work);
    expect(untar.code, untar.stderr).toBe(0);
    // The checkout's dependencies, less tsx: the package must not need it.
    await mkdir(join(installed, "node_modules"));
    for (const name of await readdir(join(REPO_ROOT, "node_modules"))) {
      if (name === "tsx" || name.startsWith(".")) continue;
      await symlink(join(REPO_ROOT, "node_modules", name), join(installed, "node_modules", name));
    }
  }, PACK_TIMEOUT);
  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  it("ships the compiled CLI, worker and action, the docs and action.yml, and no sources", async () => {
    for (const path of ["bin/mapguard.js", "dist/cli.js", "dist/engine/worker-entry.mjs", "dist/engine/analysis-worker.js", "dist/action/main.js", "action.yml", "docs/rules/nil-map-write.md", "README.md"]) {
      expect(files).toContain(path);
    }
    expect(files.filter((f) => /^(src|test|fixtures)\//.test(f) || f.endsWith(".map") || f.endsWith(".ts"))).toEqual([]);
    const manifest = JSON.parse(await readFile(join(installed, "package.json"), "utf8")) as { dependencies: Record<string, string> };
    expect(Object.keys(manifest.dependencies)).not.toContain("tsx");
    expect(Object.keys(manifest.dependencies)).toEqual(expect.arrayContaining(["tree-sitter-go", "web-tree-sitter"]));
  });

  it("runs mapguard analyze in a Go module outside the checkout", async () => {
    const module = join(work, "module");
    await mkdir(module);
    await writeFile(join(module, "go.mod"), "module example.com/m\n\ngo 1.21\n");
    await writeFile(join(module, "a.go"), NIL_WRITE);
    const bin = join(installed, "bin", "mapguard.js");
    const analysed = await run(process.execPath, [bin, "analyze"], module);
    expect(analysed.stderr).toBe("");
    expect(analysed.code).toBe(1);
    expect(analysed.stdout).toMatch(/^a\.go:5:2: error: .*\[nil-map-write\]$/m);
    const version = await run(process.execPath, [bin, "--version"], module);
    expect(version.stdout).toMatch(/^mapguard \d+\.\d+\.\d+\n$/);
  });
});
