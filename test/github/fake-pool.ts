// An analysis stand-in for pipeline tests: reports a nil-map-write finding on
// every line that ends with `// BUG`, with the fingerprint derived from the
// line's text (as the real one is), so base and head findings can match.
import { createHash } from "node:crypto";
import type { AnalysisResult, AnalyzeOptions, Finding, SourceFile } from "../../src/analysis/types.js";
import type { AnalysisPool } from "../../src/engine/pool.js";

export function fakeFinding(path: string, line: number, text: string): Finding {
  const trimmed = text.trim();
  return {
    ruleId: "nil-map-write",
    severity: "error",
    location: { path, startLine: line, startColumn: 1, endLine: line, endColumn: text.length + 1 },
    message: `writing to nil map in \`${trimmed}\` panics`,
    related: [],
    fix: { description: "create the map", edits: [{ path, startLine: line, endLine: line, replacement: "\tm := make(map[string]int)" }] },
    fingerprint: createHash("sha256").update(`${path}\0${trimmed}`).digest("base64url").slice(0, 16),
  };
}

export function fakePool(): AnalysisPool & { calls: SourceFile[][]; options: (AnalyzeOptions | undefined)[] } {
  const calls: SourceFile[][] = [];
  const options: (AnalyzeOptions | undefined)[] = [];
  return {
    calls,
    options,
    async analyze(files: SourceFile[], analyzeOptions?: AnalyzeOptions): Promise<AnalysisResult> {
      calls.push(files);
      options.push(analyzeOptions);
      const findings = files.flatMap((f) => f.text.split("\n").flatMap((text, i) => (text.endsWith("// BUG") ? [fakeFinding(f.path, i + 1, text)] : [])));
      return { findings, suppressed: [], skipped: [], notes: [], analyzed: files.map((f) => f.path), unanalyzed: [] };
    },
    close: async () => {},
  };
}
