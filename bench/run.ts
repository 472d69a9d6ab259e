// `npm run bench [-- <dir>]`: analyses a corpus of Go code (default: the Go
// standard library from Debian's golang-1.19-src, non-test files) on all
// cores, and compares the wall time with `gofmt -l` over the same tree.
// Target: no slower than gofmt -l over the same files.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { performance } from "node:perf_hooks";
import { collectFiles } from "../src/cli/collect-files.js";
import { analyzeInPool } from "../src/engine/analyze-in-pool.js";
import { createAnalysisPool } from "../src/engine/pool.js";

const DEFAULT_CORPUS = "/usr/share/go-1.19/src";

async function main(): Promise<void> {
  const corpus = process.argv[2] ?? DEFAULT_CORPUS;
  if (!existsSync(corpus)) {
    console.error(`[mapguard] bench: no corpus at ${corpus}; install Debian's golang-1.19-src or pass a directory`);
    process.exitCode = 2;
    return;
  }
  const collected = await collectFiles(corpus, ["."]);
  const files = collected.files.filter((f) => !f.path.endsWith("_test.go"));
  const lines = files.reduce((n, f) => n + f.text.split("\n").length, 0);
  const chars = files.reduce((n, f) => n + f.text.length, 0);

  const threads = availableParallelism();
  const pool = createAnalysisPool({ threads });
  const started = performance.now();
  const result = await analyzeInPool(pool, files);
  const analysisMs = performance.now() - started;
  await pool.close();

  const gofmtStarted = performance.now();
  const gofmt = spawnSync("gofmt", ["-l", ...new Set(files.map((f) => `${corpus}/${f.path}`))], { stdio: "ignore", maxBuffer: 1 << 26 });
  const gofmtMs = gofmt.error ? null : performance.now() - gofmtStarted;

  const seconds = analysisMs / 1000;
  console.log(`corpus:    ${corpus} (non-test files)`);
  console.log(`files:     ${files.length}, ${lines.toLocaleString("en")} lines, ${(chars / 1e6).toFixed(1)} M characters`);
  console.log(`analysis:  ${seconds.toFixed(1)} s on ${threads} worker threads (${Math.round(lines / seconds).toLocaleString("en")} lines/s), ${result.findings.length} findings`);
  console.log(`peak RSS:  ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB (whole process, worker threads included)`);
  // A package given up at its budget took less time than its analysis would have: the time above is then too low.
  if (result.unanalyzed.length > 0) console.log(`NOT ANALYSED: ${result.unanalyzed.map((u) => `${u.dir} (${u.reason})`).join("; ")}`);
  if (gofmtMs === null) {
    console.log("gofmt -l:  not installed (Debian golang-go); no comparison");
    return;
  }
  const ratio = analysisMs / gofmtMs;
  console.log(`gofmt -l:  ${(gofmtMs / 1000).toFixed(1)} s`);
  console.log(`ratio:     ${ratio.toFixed(2)}x gofmt -l (target <= 1.00): ${ratio <= 1 ? "met" : "NOT met"}`);
}

await main();
