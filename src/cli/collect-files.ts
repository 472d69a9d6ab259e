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

/** What the config leaves out: paths (root-relative) matching paths.exclude. */
export type Excluded = (path: string) => boolean;

export const EXCLUDED_REASON = "excluded by paths.exclude in .github/mapguard.yml";

const NOTHING_EXCLUDED: Excluded = () => false;

/** `path` relative to `root`, `/`-separated: how every path is shown and keyed. */
export function displayPath(root: string, path: string): string {
  const rel = relative(root, resolve(root, path));
  return (rel === "" ? "." : rel).split(sep).join("/");
}

/**
 * Every Go file under the given files and directories (recursively). The
 * arguments are taken relative to `cwd`; the files are named relative to `root`.
 */
export async function collectFiles(
  root: string,
  paths: readonly string[],
  maxFileBytes = DEFAULT_MAX_FILE_BYTES,
  options: { cwd?: string; excluded?: Excluded } = {},
): Promise<CollectedFiles> {
  const out: CollectedFiles = { files: [], skipped: [] };
  const seen = new Set<string>();
  const excluded = options.excluded ?? NOTHING_EXCLUDED;
  for (const arg of paths) {
    const absolute = resolve(options.cwd ?? root, arg);
    const info = await stat(absolute).catch(() => null);
    if (!info) throw new UsageError(`no such file or directory: ${arg}; give a Go file or directory that exists`);
    if (info.isDirectory()) await walk(root, absolute, maxFileBytes, out, seen, excluded);
    else await readOne(root, absolute, maxFileBytes, out, seen, true, excluded);
  }
  out.files.sort((a, b) => compare(a.path, b.path));
  out.skipped.sort((a, b) => compare(a.path, b.path));
  return out;
}

/** The Go files directly inside one directory (a package), not recursing. */
export async function collectPackage(root: string, dir: string, maxFileBytes = DEFAULT_MAX_FILE_BYTES, excluded: Excluded = NOTHING_EXCLUDED): Promise<CollectedFiles> {
  const out: CollectedFiles = { files: [], skipped: [] };
  const entries = await readdir(resolve(root, dir), { withFileTypes: true }).catch(() => []);
  for (const e of entries) {
    if (!e.isDirectory() && isGoFile(e.name)) await readOne(root, join(resolve(root, dir), e.name), maxFileBytes, out, new Set(), false, excluded);
  }
  return out;
}

async function walk(cwd: string, dir: string, maxFileBytes: number, out: CollectedFiles, seen: Set<string>, excluded: Excluded): Promise<void> {
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
      await walk(cwd, path, maxFileBytes, out, seen, excluded);
    } else if ((e.isFile() || e.isSymbolicLink()) && isGoFile(e.name)) {
      await readOne(cwd, path, maxFileBytes, out, seen, false, excluded);
    }
  }
}

async function readOne(
  cwd: string,
  absolute: string,
  maxFileBytes: number,
  out: CollectedFiles,
  seen: Set<string>,
  named: boolean,
  excluded: Excluded,
): Promise<void> {
  const path = displayPath(cwd, absolute);
  if (seen.has(path)) return;
  seen.add(path);
  const reason = pathSkipReason(path) ?? (isGoFile(path) && excluded(path) ? EXCLUDED_REASON : null);
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
