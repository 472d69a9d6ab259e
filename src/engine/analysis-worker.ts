// Runs inside a worker thread: parsing and rules are CPU work and must stay
// off the event loop that answers webhooks and health checks.
import { createAnalyzer, ParserAbortedError } from "../analysis/analyze.js";
import type { AnalysisResult, AnalyzeOptions, SourceFile } from "../analysis/types.js";

export interface AnalysisTask {
  files: SourceFile[];
  options?: AnalyzeOptions;
}

/** Either a result, or the path whose parse killed the WASM module of this worker. */
export type AnalysisTaskResult = { ok: true; result: AnalysisResult } | { ok: false; abortedOn: string; message: string };

const analyzer = createAnalyzer();

export default async function analyzeTask(task: AnalysisTask): Promise<AnalysisTaskResult> {
  const a = await analyzer;
  try {
    return { ok: true, result: a.analyzeFiles(task.files, task.options) };
  } catch (error) {
    if (error instanceof ParserAbortedError) {
      // Every later parse in this worker would fail: answer, then let the
      // pool replace this worker with a fresh one.
      setTimeout(() => process.exit(1), 10);
      return { ok: false, abortedOn: error.path, message: error.message };
    }
    throw error;
  }
}
