// Runs bin/mapguard.js as a child process, as a user would.
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * For tests that start mapguard several times: each start compiles the
 * TypeScript sources (tsx) in the process and in its worker thread, up to
 * 20 s apiece on a loaded 2-core machine, beyond vitest's 60 s default.
 */
export const CHILD_PROCESS_TIMEOUT = 240_000;

export const BIN = fileURLToPath(new URL("../../bin/mapguard.js", import.meta.url));

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export function runCli(args: readonly string[], cwd: string): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [BIN, ...args], { cwd, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : null) : 0;
      if (code === null) reject(error);
      else resolve({ code, stdout, stderr });
    });
  });
}

/** A temporary directory holding `files` (path -> text or bytes); removed by the returned function. */
export function tempTree(files: Record<string, string | Uint8Array>): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), "mapguard-cli-"));
  writeTree(dir, files);
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export function writeTree(dir: string, files: Record<string, string | Uint8Array>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
}

/** A nil-map write: reported at line 5, declared at line 4. */
export const NIL_WRITE = 'package p\n\nfunc f() {\n\tvar m map[string]int\n\tm["a"] = 1\n}\n';
export const SAFE = 'package p\n\nfunc g() map[string]int {\n\tm := make(map[string]int)\n\tm["a"] = 1\n\treturn m\n}\n';
