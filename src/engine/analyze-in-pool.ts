// Spreads one analysis over the worker pool: packages (directories) are kept
// whole and packed into batches, so every core works on a large tree.
import type { AnalysisResult, AnalyzeOptions, Finding, SourceFile } from "../analysis/types.js";
import { posix } from "node:path";
import type { AnalysisPool } from "./pool.js";

/**
 * Roughly how much source text one worker task gets: small enough that the
 * threads finish together, large enough that posting tasks costs little.
 */
const BATCH_CHARS = 250_000;

/** Called as each batch finishes, with the files and findings of that batch (for progress displays). */
export type BatchDone = (files: number, findings: number) => void;

export async function analyzeInPool(pool: AnalysisPool, files: readonly SourceFile[], options: AnalyzeOptions = {}, onBatch?: BatchDone): Promise<AnalysisResult> {
  const results = await Promise.all(
    batches(files).map(async (batch) => {
      const result = await pool.analyze(batch, options);
      onBatch?.(batch.length, result.findings.length);
      return result;
    }),
  );
  const merged: AnalysisResult = { findings: [], suppressed: [], skipped: [], notes: [], analyzed: [], unanalyzed: [] };
  for (const r of results) {
    merged.findings.push(...r.findings);
    merged.suppressed.push(...r.suppressed);
    merged.skipped.push(...r.skipped);
    merged.notes.push(...r.notes);
    merged.analyzed.push(...r.analyzed);
    merged.unanalyzed.push(...r.unanalyzed);
  }
  merged.findings.sort(byLocation);
  merged.suppressed.sort(byLocation);
  return merged;
}

/**
 * Packages stay whole (a rule needs all of a package's files). The largest go
 * first: the pool takes tasks in order, so no thread is left with one big
 * package at the end while the others idle.
 */
function batches(files: readonly SourceFile[]): SourceFile[][] {
  const packages = new Map<string, SourceFile[]>();
  for (const f of files) {
    const dir = posix.dirname(f.path);
    const pkg = packages.get(dir);
    if (pkg) pkg.push(f);
    else packages.set(dir, [f]);
  }
  const sized = [...packages.values()].map((pkg) => ({ pkg, size: pkg.reduce((n, f) => n + f.text.length, 0) }));
  sized.sort((a, b) => b.size - a.size);
  const out: SourceFile[][] = [];
  let current: SourceFile[] = [];
  let size = 0;
  for (const { pkg, size: pkgSize } of sized) {
    if (current.length > 0 && size + pkgSize > BATCH_CHARS) {
      out.push(current);
      current = [];
      size = 0;
    }
    current.push(...pkg);
    size += pkgSize;
  }
  if (current.length > 0) out.push(current);
  return out;
}

export function byLocation(a: Finding, b: Finding): number {
  const pa = a.location.path;
  const pb = b.location.path;
  if (pa !== pb) return pa < pb ? -1 : 1;
  return a.location.startLine - b.location.startLine || a.location.startColumn - b.location.startColumn || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0);
}
