// PLACEHOLDER (to be replaced by the analysis core): the public entry of the pure analysis.
import type { AnalysisResult, AnalyzeOptions, SourceFile } from "./types.js";

export interface Analyzer {
  /**
   * Analyses a set of Go files. Files are grouped into packages (same
   * directory and package clause); each package's model is built once and
   * shared by every rule. Never throws for bad input: unparseable, empty,
   * oversized or non-UTF-8 files end up in `skipped` or `notes`.
   * Throws ParserAbortedError when the WASM parser itself died (then every
   * later parse in this process would fail too).
   */
  analyzeFiles(files: SourceFile[], options?: AnalyzeOptions): AnalysisResult;
}

/** Raised when the tree-sitter WASM module aborted while parsing `path`. */
export class ParserAbortedError extends Error {
  constructor(readonly path: string, cause: unknown) {
    super(`[mapguard] the Go parser aborted while parsing ${path}`, { cause });
    this.name = "ParserAbortedError";
  }
}

export async function createAnalyzer(): Promise<Analyzer> {
  return {
    analyzeFiles(files) {
      return { findings: [], suppressed: [], skipped: [], notes: [], analyzed: files.map((f) => f.path) };
    },
  };
}
