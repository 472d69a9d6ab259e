// Reads the Go files named on the command line from disk, skipping what the
// bot skips (vendored, generated, binary, non-UTF-8, oversized) with reasons.
import { readdir, readFile, stat } from "node:fs/promises";
import { join, posix, relative, resolve, sep } from "node:path";
import { decodeSource, formatBytes, isGoFile, isVendored, pathSkipReason } from "../analysis/source.js";
import type { SkippedFile, SourceFile } from "../analysis/types.js";
import { DEFAULT_MAX_FILE_BYTES } from "../analysis/types.js";
import { UsageError } from "./args.js";

export interface CollectedFiles {
  files: SourceFile[];
  skipped: SkippedFile[];
}

/** `path` relative to `cwd`, `/`-separated: how every path is shown and keyed. */
export function displayPath(cwd: string, path: string): string {
  const rel = relative(cwd, resolve(cwd, path));
  return (rel === "" ? "." : rel).split(sep).join("/");
}

/** Every Go file under the given files and directories (recursively). */
export async function collectFiles(cwd: string, paths: readonly string[], maxFileBytes = DEFAULT_MAX_FILE_BYTES): Promise<CollectedFiles> {
  const out: CollectedFiles = { files: [], skipped: [] };
  const seen = new Set<string>();
  for (const arg of paths) {
    const absolute = resolve(cwd, arg);
    const info = await stat(absolute).catch(() => null);
    if (!info) throw new UsageError(`no such file or directory: ${arg}`);
    if (info.isDirectory()) await walk(cwd, absolute, maxFileBytes, out, seen);
    else await readOne(cwd, absolute, maxFileBytes, out, seen, true);
  }
  out.files.sort((a, b) => compare(a.path, b.path));
  out.skipped.sort((a, b) => compare(a.path, b.path));
  return out;
}

/** The Go files directly inside one directory (a package), not recursing. */
export async function collectPackage(cwd: string, dir: string, maxFileBytes = DEFAULT_MAX_FILE_BYTES): Promise<CollectedFiles> {
  const out: CollectedFiles = { files: [], skipped: [] };
  const entries = await readdir(resolve(cwd, dir), { withFileTypes: true }).catch(() => []);
  for (const e of entries) {
    if (!e.isDirectory() && isGoFile(e.name)) await readOne(cwd, join(resolve(cwd, dir), e.name), maxFileBytes, out, new Set(), false);
  }
  return out;
}

async function walk(cwd: string, dir: string, maxFileBytes: number, out: CollectedFiles, seen: Set<string>): Promise<void> {
  const shown = displayPath(cwd, dir);
  if (shown !== "." && isVendored(shown)) {
    out.skipped.push({ path: `${shown}/`, reason: "vendored code (vendor/)" });
    return;
  }
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => compare(a.name, b.name));
  for (const e of entries) {
    const path = join(dir, e.name);
    if (e.isDirectory()) {
      // The go tool ignores these directories too; testdata holds code that
      // is broken on purpose.
      if (e.name.startsWith(".") || e.name.startsWith("_") || e.name === "testdata") continue;
      await walk(cwd, path, maxFileBytes, out, seen);
    } else if ((e.isFile() || e.isSymbolicLink()) && isGoFile(e.name)) {
      await readOne(cwd, path, maxFileBytes, out, seen, false);
    }
  }
}

async function readOne(cwd: string, absolute: string, maxFileBytes: number, out: CollectedFiles, seen: Set<string>, named: boolean): Promise<void> {
  const path = displayPath(cwd, absolute);
  if (seen.has(path)) return;
  seen.add(path);
  const reason = pathSkipReason(path);
  if (reason !== null) {
    if (named || isGoFile(path)) out.skipped.push({ path, reason });
    return;
  }
  const info = await stat(absolute).catch(() => null);
  if (!info || !info.isFile()) return;
  // Checked before reading, so a huge file is never loaded into memory.
  if (info.size > maxFileBytes) {
    out.skipped.push({ path, reason: `file is ${formatBytes(info.size)}, over the ${formatBytes(maxFileBytes)} size cap` });
    return;
  }
  const decoded = decodeSource(path, await readFile(absolute), maxFileBytes);
  if ("file" in decoded) out.files.push(decoded.file);
  else out.skipped.push(decoded.skipped);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The directory part of a `/`-separated path ("." for a top-level file). */
export function dirOf(path: string): string {
  return posix.dirname(path);
}
