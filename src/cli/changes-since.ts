// `--base <rev>`: what changed since a revision, as the bot sees a pull
// request: patches of the changed Go files, those files and their package
// siblings at head (the working tree) and at the base revision.
import { readFile } from "node:fs/promises";
import { join, posix, resolve } from "node:path";
import { decodeSource, isGoFile } from "../analysis/source.js";
import type { SkippedFile, SourceFile } from "../analysis/types.js";
import { DEFAULT_MAX_FILE_BYTES } from "../analysis/types.js";
import type { FilePatch } from "../review/diff.js";
import { parseUnifiedDiff } from "../review/diff.js";
import { UsageError } from "./args.js";
import { collectFiles, collectPackage, dirOf, displayPath } from "./collect-files.js";
import type { Excluded } from "./collect-files.js";
import { git, gitBytes } from "./git.js";

export interface ChangesSince {
  /** The revision's commit id. */
  baseSha: string;
  /** Changed Go files (not deleted) under the given paths, keyed by path relative to the repository root. */
  patches: Map<string, FilePatch>;
  /** Changed files and their package siblings, from the working tree. */
  head: SourceFile[];
  skipped: SkippedFile[];
  /** The same packages at the base revision. */
  base: SourceFile[];
}

export interface ChangeScope {
  /** The repository's top level (git rev-parse --show-toplevel): paths are shown relative to it. */
  root: string;
  /** Where the paths on the command line are relative to. */
  cwd: string;
  /** The files and directories given on the command line. */
  paths: readonly string[];
  maxFileBytes?: number;
  excluded?: Excluded;
}

export async function changesSince(rev: string, scope: ChangeScope): Promise<ChangesSince> {
  const { root, cwd } = scope;
  const maxFileBytes = scope.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const excluded = scope.excluded ?? (() => false);
  const baseSha = await resolveRevision(root, rev);
  // git names files relative to the top level, as the output does.
  const fromRoot = (p: string) => p;
  const inScope = scopeFilter(root, cwd, scope.paths);

  const diff = await git(root, ["diff", "--no-color", "--no-ext-diff", "--find-renames", "--src-prefix=a/", "--dst-prefix=b/", baseSha, "--"]);
  const changed = [...parseUnifiedDiff(diff), ...(await untrackedPatches(root))].filter((p) => isGoFile(p.path) && inScope(fromRoot(p.path)) && !excluded(fromRoot(p.path)));

  const patches = new Map<string, FilePatch>();
  const headDirs = new Set<string>();
  const baseDirs = new Set<string>();
  const headPaths: string[] = [];
  for (const p of changed) {
    baseDirs.add(posix.dirname(p.oldPath ?? p.path));
    if (p.status === "deleted") continue;
    const path = fromRoot(p.path);
    patches.set(path, { ...p, path, ...(p.oldPath !== undefined ? { oldPath: fromRoot(p.oldPath) } : {}) });
    headPaths.push(path);
    headDirs.add(dirOf(path));
    baseDirs.add(posix.dirname(p.path));
  }

  const head = headPaths.length > 0 ? await collectFiles(root, headPaths, maxFileBytes, { excluded }) : { files: [], skipped: [] };
  for (const dir of headDirs) {
    const siblings = await collectPackage(root, dir, maxFileBytes, excluded);
    head.files.push(...siblings.files.filter((f) => !head.files.some((h) => h.path === f.path)));
    head.skipped.push(...siblings.skipped.filter((s) => !head.skipped.some((h) => h.path === s.path)));
  }

  const base: SourceFile[] = [];
  for (const dir of baseDirs) {
    for (const path of await goFilesAt(root, baseSha, dir)) {
      const decoded = decodeSource(fromRoot(path), await gitBytes(root, ["show", `${baseSha}:${path}`]), maxFileBytes);
      if ("file" in decoded && !excluded(decoded.file.path)) base.push(decoded.file);
    }
  }
  return { baseSha, patches, head: head.files, skipped: head.skipped, base };
}

async function resolveRevision(root: string, rev: string): Promise<string> {
  try {
    return (await git(root, ["rev-parse", "--verify", "--end-of-options", `${rev}^{commit}`])).trim();
  } catch {
    throw new UsageError(`--base: "${rev}" is not a commit of the git repository at ${root}; give a branch, tag or commit id of it, e.g. --base origin/main`);
  }
}

/** Whether a root-relative path lies under one of the paths given on the command line. */
function scopeFilter(root: string, cwd: string, scope: readonly string[]): (path: string) => boolean {
  const roots = scope.map((s) => displayPath(root, resolve(cwd, s)));
  return (path) =>
    roots.some((r) => {
      if (r === ".") return !path.startsWith("../");
      return path === r || path.startsWith(`${r}/`);
    });
}

/** New files git does not track yet: wholly added, as a pull request would show them. */
async function untrackedPatches(root: string): Promise<FilePatch[]> {
  const listed = (await git(root, ["ls-files", "--others", "--exclude-standard", "-z"])).split("\0").filter(isGoFile);
  const patches: FilePatch[] = [];
  for (const path of listed) {
    const text = await readFile(join(root, path), "utf8").catch(() => "");
    const count = text === "" ? 0 : text.replace(/\n$/, "").split("\n").length;
    const lines = Array.from({ length: count }, (_, i) => i + 1);
    patches.push({
      path,
      status: "added",
      hunks: count === 0 ? [] : [{ oldStart: 0, oldLines: 0, newStart: 1, newLines: count, added: lines, lines }],
      added: new Set(lines),
      commentable: new Set(lines),
    });
  }
  return patches;
}

/** Go files directly inside `dir` (root-relative) at a commit. */
async function goFilesAt(root: string, sha: string, dir: string): Promise<string[]> {
  const pathspec = dir === "." ? [] : ["--", `${dir}/`];
  const listing = await git(root, ["ls-tree", "-z", "--full-name", sha, ...pathspec]);
  return listing
    .split("\0")
    .map((entry) => /^\d+ blob [0-9a-f]+\t(.*)$/s.exec(entry)?.[1])
    .filter((p): p is string => p !== undefined && isGoFile(p));
}
