// A small pool of analysis worker threads (piscina: queueing, sizing and
// replacing dead workers are its job, not ours).
import { availableParallelism } from "node:os";
import { Piscina } from "piscina";
import type { AnalysisResult, AnalyzeOptions, SkippedFile, SourceFile } from "../analysis/types.js";
import type { AnalysisTask, AnalysisTaskResult } from "./analysis-worker.js";

export interface AnalysisPool {
  /** Analyses the files in a worker thread. A file whose parse kills the parser is skipped with a reason. */
  analyze(files: SourceFile[], options?: AnalyzeOptions): Promise<AnalysisResult>;
  close(): Promise<void>;
}

export interface PoolOptions {
  /** Worker threads; default: the number of cores, at most 4. */
  threads?: number;
}

const MAX_PARSER_RESTARTS = 5;

export function createAnalysisPool(options: PoolOptions = {}): AnalysisPool {
  const threads = options.threads ?? Math.min(4, Math.max(1, availableParallelism()));
  const piscina = new Piscina<AnalysisTask, AnalysisTaskResult>({
    filename: new URL("./worker-entry.mjs", import.meta.url).href,
    minThreads: 1,
    maxThreads: threads,
    idleTimeout: 30_000,
  });

  async function analyze(files: SourceFile[], analyzeOptions?: AnalyzeOptions): Promise<AnalysisResult> {
    const crashed: SkippedFile[] = [];
    let remaining = files;
    for (let attempt = 0; attempt <= MAX_PARSER_RESTARTS; attempt++) {
      const answer = await piscina.run({ files: remaining, options: analyzeOptions });
      if (answer.ok) {
        return { ...answer.result, skipped: [...crashed, ...answer.result.skipped] };
      }
      crashed.push({ path: answer.abortedOn, reason: "the Go parser crashed on this file; it was not analysed" });
      remaining = remaining.filter((f) => f.path !== answer.abortedOn);
    }
    throw new Error(`[mapguard] the Go parser crashed ${MAX_PARSER_RESTARTS + 1} times; analysis abandoned`);
  }

  return { analyze, close: () => piscina.destroy() };
}
