// One fuzz lane's worker thread: analyses the inputs it is sent, one at a
// time, and says when it is ready, so the lane's watchdog times the analysis
// and not the start of a fresh worker after the last one was stopped.
import { parentPort } from "node:worker_threads";

const { register } = await import("tsx/esm/api");
register();
const { createAnalyzer } = await import("../../src/analysis/analyze.ts");
const analyzer = await createAnalyzer();

parentPort.on("message", ({ files, options }) => {
  try {
    parentPort.postMessage({ ok: true, result: analyzer.analyzeFiles(files, options) });
  } catch (error) {
    parentPort.postMessage({ ok: false, error: error instanceof Error ? `${error.name}: ${error.message}\n${error.stack}` : String(error) });
  }
});
parentPort.postMessage({ ready: true });
