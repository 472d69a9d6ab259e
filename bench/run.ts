// `npm run bench [-- <dir>]`: analyses a corpus of Go code (default: the Go
// standard library from Debian's golang-1.19-src) through the worker pool,
// package by package, and compares the wall time with `gofmt -l` over the
// same files. Target: no slower than gofmt (ARCHITECTURE.md).
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join, relative } from "node:path";
import { performance } from "node:perf_hooks";
import { pathSkipReason, decodeSource } from "../src/analysis/source.js";
import type { SourceFile } from "../src/analysis/types.js";
import { createAnalysisPool } from "../src/engine/pool.js";

const DEFAULT_CORPUS = "/usr/share/go-1.19/src";

function goFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const stat = statSync(path);
    if (stat.isDirectory()) {
      if (name === "testdata" || name === "vendor") continue;
      goFiles(path, out);
    } else if (name.endsWith(".go") && !name.endsWith("_test.go")) {
      out.push(path);
    }
  }
  return out;
}

async function main(): Promise<void> {
  const corpus = process.argv[2] ?? DEFAULT_CORPUS;
  if (!existsSync(corpus)) {
    console.error(`[mapguard] bench: no corpus at ${corpus}; install Debian's golang-1.19-src or pass a directory`);
    process.exitCode = 2;
    return;
  }
  const paths = goFiles(corpus);
  const packages = new Map<string, SourceFile[]>();
  let lines = 0;
  let bytes = 0;
  for (const path of paths) {
    const rel = relative(corpus, path);
    if (pathSkipReason(rel)) continue;
    const raw = readFileSync(path);
    const decoded = decodeSource(rel, raw);
    if (!("file" in decoded)) continue;
    lines += decoded.file.text.split("\n").length;
    bytes += raw.byteLength;
    const dir = rel.includes("/") ? rel.slice(0, rel.lastIndexOf("/")) : ".";
    packages.set(dir, [...(packages.get(dir) ?? []), decoded.file]);
  }

  const threads = availableParallelism();
  const pool = createAnalysisPool({ threads });
  let findings = 0;
  const started = performance.now();
  await Promise.all(
    [...packages.values()].map(async (files) => {
      findings += (await pool.analyze(files)).findings.length;
    }),
  );
  const analysisMs = performance.now() - started;
  await pool.close();

  let gofmtMs: number | null = null;
  const gofmtStarted = performance.now();
  const gofmt = spawnSync("gofmt", ["-l", corpus], { stdio: "ignore" });
  if (!gofmt.error) gofmtMs = performance.now() - gofmtStarted;

  const seconds = analysisMs / 1000;
  console.log(`corpus:        ${corpus}`);
  console.log(`files:         ${paths.length} in ${packages.size} packages, ${lines.toLocaleString("en")} lines, ${(bytes / 1e6).toFixed(1)} MB`);
  console.log(`analysis:      ${seconds.toFixed(1)} s on ${threads} worker threads (${Math.round(lines / seconds).toLocaleString("en")} lines/s), ${findings} findings`);
  console.log(`peak RSS:      ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB (whole process, worker threads included)`);
  if (gofmtMs === null) {
    console.log("gofmt -l:      not installed (Debian golang-go); no comparison");
  } else {
    const ratio = analysisMs / gofmtMs;
    console.log(`gofmt -l:      ${(gofmtMs / 1000).toFixed(1)} s`);
    console.log(`ratio:         ${ratio.toFixed(2)}x gofmt -l (target ≤ 1.00) ${ratio <= 1 ? "MET" : "NOT MET"}`);
  }
}

await main();
