// A pull request's changed Go files and their packages, at head and at base.
import type { SkippedFile, SourceFile } from "../../analysis/types.js";
import { decodeSource, formatBytes, goDirective } from "../../analysis/source.js";
import type { GitHubClient, PullRequestTarget } from "../types.js";
import { listPullFiles, selectChangedGoFiles } from "./changed-files.js";
import type { ChangedGoFile, PullFile } from "./changed-files.js";
import { directoryOf, listGoFiles } from "./directory-listing.js";
import type { BlobRef } from "./directory-listing.js";
import { fetchBlobs } from "./fetch-blobs.js";

export interface LoadOptions {
  excludeGlobs: string[];
  maxFileBytes: number;
  /** The pull request's files, when the caller started listing them already (they need no config). */
  files?: Promise<PullFile[]>;
}

export interface LoadedPullRequest {
  changed: ChangedGoFile[];
  /** Changed files and their package siblings at head. */
  head: SourceFile[];
  /** The base versions of the changed files (under their head path, so fingerprints match) and their siblings. */
  base: SourceFile[];
  /** Changed files that were not analysed, with reasons. */
  skipped: SkippedFile[];
  /** The head module's `go` directive, when its go.mod was found. */
  goVersion: string | undefined;
}

export async function loadPullRequest(octokit: GitHubClient, target: PullRequestTarget, options: LoadOptions): Promise<LoadedPullRequest> {
  const selection = selectChangedGoFiles(await (options.files ?? listPullFiles(octokit, target)), options.excludeGlobs);
  const { changed } = selection;
  if (changed.length === 0) return { changed, head: [], base: [], skipped: selection.skipped, goVersion: undefined };

  // A renamed file's base version is read from its old path but labelled with
  // the new one, so the same finding keeps its fingerprint across the rename.
  const headPathOfBase = new Map(changed.flatMap((f) => (f.basePath === null ? [] : [[f.basePath, f.path] as const])));
  const headDirs = new Set(changed.map((f) => directoryOf(f.path)));
  const baseDirs = new Set([...headPathOfBase.keys()].map(directoryOf));
  const { head: headListing, base: baseListing } = await listGoFiles(octokit, target, {
    head: { sha: target.headSha, dirs: headDirs },
    base: { sha: target.baseSha, dirs: baseDirs },
  });
  const headRefs = headListing.files;
  const baseRefs = baseListing.files;
  const goMod = headListing.goMod;

  const changedPaths = new Set(changed.map((f) => f.path));
  const keep = (path: string) => changedPaths.has(path) || !selection.excluded(path);
  const headWanted = [...headRefs.values()].filter((r) => keep(r.path));
  const baseWanted = [...baseRefs.values()]
    .map((r) => ({ ...r, path: headPathOfBase.get(r.path) ?? r.path }))
    .filter((r) => keep(r.path));

  const skipped = [...selection.skipped];
  for (const f of changed) {
    if (!headRefs.has(f.path)) skipped.push({ path: f.path, reason: "not found in the head commit's tree" });
  }
  const oversized = (r: BlobRef) => r.size !== undefined && r.size > options.maxFileBytes;
  for (const r of headWanted) {
    if (oversized(r) && changedPaths.has(r.path)) {
      skipped.push({ path: r.path, reason: `file is ${formatBytes(r.size ?? 0)}, over the ${formatBytes(options.maxFileBytes)} size cap` });
    }
  }
  const toFetch = [...headWanted, ...baseWanted].filter((r) => !oversized(r));
  const blobs = await fetchBlobs(octokit, target, [...toFetch, ...(goMod ? [goMod] : [])]);
  const goModBytes = goMod ? blobs.get(goMod.sha) : undefined;
  const goVersion = goModBytes ? goDirective(new TextDecoder().decode(goModBytes)) : undefined;

  const decode = (refs: BlobRef[], reportSkips: boolean): SourceFile[] => {
    const files: SourceFile[] = [];
    for (const r of refs) {
      const bytes = blobs.get(r.sha);
      if (bytes === undefined) continue;
      const decoded = decodeSource(r.path, bytes, options.maxFileBytes);
      if ("file" in decoded) files.push(decoded.file);
      else if (reportSkips && changedPaths.has(r.path)) skipped.push(decoded.skipped);
    }
    return files;
  };
  const head = decode(headWanted, true);
  const base = decode(baseWanted, false);
  const analysedChanged = new Set(head.map((f) => f.path));
  return { changed: changed.filter((f) => analysedChanged.has(f.path)), head, base, skipped, goVersion };
}
