// `npm run fuzz [-- --seconds 60 --seed N --threads T --out DIR]`: feeds
// mutated Go source (mutations.ts) to the analysis in worker threads, each
// input under a watchdog, and saves every failure (oracle.ts) shrunk by
// fast-check to DIR as a .go file beside a .json of what went wrong. Exit
// code 1 when anything failed. Seeds: the project's Go fixtures and a
// sample of the standard library when Debian's golang-1.19-src is there.
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync, existsSync } from "node:fs";
import { createHash } from "node:crypto";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import fc from "fast-check";
import { Worker } from "node:worker_threads";
import type { AnalysisResult, SourceFile } from "../../src/analysis/types.js";
import { applyMutations, type FuzzInput, inputArbitrary } from "./mutations.js";
import { filesFor, judge, type Verdict } from "./oracle.js";

/** An input still running after this is a failure ("over 10 s" in the issue's terms). */
const WATCHDOG_MS = 10_000;
/** The package budget inputs run with: under the watchdog, so an overrun is the analysis's own report. */
const PACKAGE_BUDGET_MS = 8_000;
const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));
const STDLIB = "/usr/share/go-1.19/src";
const STDLIB_SAMPLE = 300;

function goFiles(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const p = join(dir, e.name);
    if (e.isDirectory()) goFiles(p, out);
    else if (e.name.endsWith(".go") && statSync(p).size < 40_000) out.push(p);
  }
  return out;
}

function loadSeeds(): string[] {
  const paths = goFiles(join(REPO_ROOT, "fixtures"));
  if (existsSync(STDLIB)) {
    const std = goFiles(STDLIB).filter((p) => !p.includes("/testdata/"));
    const step = Math.max(1, Math.floor(std.length / STDLIB_SAMPLE));
    for (let i = 0; i < std.length; i += step) paths.push(std[i]);
  }
  return paths.map((p) => readFileSync(p, "utf8"));
}

interface Tally {
  inputs: number;
  /** Inputs over time once and run again. */
  rerun: number;
  slowest: number;
  failures: { kind: string; file: string }[];
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seconds: { type: "string", default: "60" },
      seed: { type: "string" },
      threads: { type: "string" },
      out: { type: "string", default: "fuzz-failures" },
    },
  });
  const seconds = Number(values.seconds);
  const threads = Number(values.threads ?? availableParallelism());
  const seed = Number(values.seed ?? Date.now() % 2 ** 31);
  if (!Number.isFinite(seconds) || seconds <= 0 || !Number.isInteger(threads) || threads < 1 || !Number.isInteger(seed)) {
    console.error("[mapguard] fuzz: --seconds must be a positive number, --threads a positive integer, --seed an integer");
    process.exitCode = 2;
    return;
  }
  const seeds = loadSeeds();
  const tally: Tally = { inputs: 0, rerun: 0, slowest: 0, failures: [] };
  const started = performance.now();
  const deadline = started + seconds * 1000;

  const lane = async (index: number): Promise<void> => {
    const worker = new LaneWorker();
    const run = async (text: string): Promise<Verdict> => {
      const t0 = performance.now();
      const answer = await worker.analyze(filesFor(text));
      if (answer === "stopped") return { ok: true };
      tally.slowest = Math.max(tally.slowest, performance.now() - t0);
      if (answer === "timeout") return { ok: false, kind: "over budget", detail: `still running after ${WATCHDOG_MS / 1000} s` };
      return answer.ok ? judge(answer.result) : { ok: false, kind: "internal error", detail: `escaped the analysis: ${answer.error}` };
    };
    /** Runs one input; throws with the verdict when it fails, so fast-check shrinks it. */
    const property = async (input: FuzzInput): Promise<void> => {
      // fast-check leaves the input in flight at the deadline running; it must not start a worker again.
      if (worker.stopped) return;
      const text = applyMutations(seeds, input);
      tally.inputs++;
      let verdict = await run(text);
      // A loaded machine can push an input over its time: it counts when a second run is over too.
      if (!verdict.ok && verdict.kind === "over budget") {
        tally.rerun++;
        verdict = await run(text);
      }
      if (!verdict.ok) throw new FuzzFailure(verdict);
    };
    try {
      for (let round = 0; performance.now() < deadline; round++) {
        const details = await fc.check(fc.asyncProperty(inputArbitrary(seeds.length), property), {
          seed: seed + index * 1_000_003 + round,
          numRuns: 200,
          interruptAfterTimeLimit: Math.max(1, deadline - performance.now()),
        });
        if (details.failed && details.counterexample) save(values.out!, seeds, details.counterexample[0], details.errorInstance, tally);
      }
    } finally {
      await worker.stop();
    }
  };
  await Promise.all(Array.from({ length: threads }, (_, i) => lane(i)));

  const elapsed = (performance.now() - started) / 1000;
  console.log(`fuzz: ${tally.inputs} inputs in ${elapsed.toFixed(0)} s on ${threads} threads (seed ${seed}, ${seeds.length} seed files)`);
  console.log(`slowest input: ${(tally.slowest / 1000).toFixed(2)} s; ${tally.rerun} over time once and run again`);
  const kinds = new Map<string, number>();
  for (const f of tally.failures) kinds.set(f.kind, (kinds.get(f.kind) ?? 0) + 1);
  console.log(`failures: ${tally.failures.length}${[...kinds].map(([k, n]) => `, ${k} ${n}`).join("")}`);
  for (const f of tally.failures) console.log(`  ${f.kind}: ${f.file}`);
  if (tally.failures.length > 0) process.exitCode = 1;
}

type Answer = { ok: true; result: AnalysisResult } | { ok: false; error: string } | "timeout" | "stopped";

/**
 * A worker thread of one lane: an input that outlives the watchdog costs the
 * worker, and the next input waits for a fresh one to be ready. Once stopped it
 * answers "stopped" and never starts another: fast-check abandons the input in
 * flight at its time limit, and that input's watchdog or rerun would otherwise
 * start a worker that keeps the process alive after the report (CI hung so).
 */
class LaneWorker {
  private worker: Worker | null = null;
  private ready: Promise<void> | null = null;
  private pending: ((answer: Answer) => void) | null = null;
  stopped = false;

  private start(): Promise<void> {
    const worker = new Worker(new URL("./worker.mjs", import.meta.url));
    this.worker = worker;
    this.ready = new Promise((resolve, reject) => {
      worker.once("message", () => resolve());
      worker.once("error", reject);
    });
    return this.ready;
  }

  async analyze(files: SourceFile[]): Promise<Answer> {
    if (this.stopped) return "stopped";
    if (!this.worker) await this.start();
    else await this.ready;
    if (this.stopped) return "stopped";
    const worker = this.worker!;
    return new Promise<Answer>((resolve) => {
      const timer = setTimeout(() => {
        this.pending = null;
        worker.removeAllListeners("message");
        void worker.terminate();
        this.worker = null;
        resolve("timeout");
      }, WATCHDOG_MS);
      this.pending = (answer) => {
        clearTimeout(timer);
        this.pending = null;
        resolve(answer);
      };
      worker.once("message", (answer: Answer) => this.pending?.(answer));
      worker.postMessage({ files, options: { packageBudgetMs: PACKAGE_BUDGET_MS } });
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.pending?.("stopped");
    await this.ready?.catch(() => undefined);
    await this.worker?.terminate();
    this.worker = null;
  }
}

class FuzzFailure extends Error {
  constructor(readonly verdict: Exclude<Verdict, { ok: true }>) {
    super(`${verdict.kind}: ${verdict.detail}`);
  }
}

function save(dir: string, seeds: readonly string[], input: FuzzInput, error: unknown, tally: Tally): void {
  const verdict = error instanceof FuzzFailure ? error.verdict : { ok: false as const, kind: "internal error" as const, detail: String(error) };
  const text = applyMutations(seeds, input);
  const name = createHash("sha256").update(text).digest("hex").slice(0, 12);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}.go`);
  writeFileSync(file, text);
  writeFileSync(join(dir, `${name}.json`), `${JSON.stringify({ kind: verdict.kind, detail: verdict.detail, input }, null, 2)}\n`);
  tally.failures.push({ kind: verdict.kind, file });
}

await main();
