// Shared by the analysis tests: one analyzer per test file, Go snippets in, results out.
import { applyLineEdits } from "../../src/analysis/apply-edits.js";
import { type Analyzer, createAnalyzer } from "../../src/analysis/analyze.js";
import type { AnalysisResult, AnalyzeOptions, Finding, SourceFile } from "../../src/analysis/types.js";

let analyzer: Promise<Analyzer> | undefined;

export function getAnalyzer(): Promise<Analyzer> {
  analyzer ??= createAnalyzer();
  return analyzer;
}

export async function analyze(files: SourceFile[] | string, options?: AnalyzeOptions): Promise<AnalysisResult> {
  const list = typeof files === "string" ? [{ path: "p/a.go", text: files }] : files;
  return (await getAnalyzer()).analyzeFiles(list, options);
}

/** Findings of one rule, as "line:name-in-message" pairs for compact assertions. */
export function lines(result: AnalysisResult, ruleId = "nil-map-write"): number[] {
  return result.findings.filter((f) => f.ruleId === ruleId).map((f) => f.location.startLine);
}

/** A Go function body wrapped into a file, so tests read as the code they check. */
export function goFile(body: string, extra = ""): string {
  const indented = body
    .split("\n")
    .map((l) => (l.startsWith("\t") || l === "" ? l : `\t${l}`))
    .join("\n");
  return `package p\n\nimport "encoding/json"\n\nvar _ = json.Unmarshal\n${extra}\nfunc f(data []byte, c bool, xs []string) {\n${indented}\n}\n`;
}

export function applyFix(file: SourceFile, finding: Finding): string {
  if (!finding.fix) throw new Error(`no fix on ${finding.message}`);
  return applyLineEdits(file.text, file.path, finding.fix.edits);
}
