// What counts as a failure of the analysis on one fuzzed input. The input
// sits in a package next to a sentinel file with a real nil-map write: a
// broken or hostile file must never cost the sentinel its finding silently.
import type { AnalysisResult, SourceFile } from "../../src/analysis/types.js";

export const INPUT_PATH = "fz/input.go";
export const SENTINEL_PATH = "fz/sentinel.go";

/** The files one input is analysed as: the mutated text and, in its package, the sentinel. */
export function filesFor(text: string): SourceFile[] {
  const name = /^package\s+([\p{L}_][\p{L}\p{N}_]*)/mu.exec(text)?.[1] ?? "p";
  const sentinel = `package ${name}\n\nfunc mapguardFuzzSentinel() {\n\tvar m map[string]int\n\tm["fuzz"] = 1\n}\n`;
  return [
    { path: INPUT_PATH, text },
    { path: SENTINEL_PATH, text: sentinel },
  ];
}

export type Verdict = { ok: true } | { ok: false; kind: "stack overflow" | "internal error" | "over budget" | "dropped finding"; detail: string };

export function judge(result: AnalysisResult): Verdict {
  for (const u of result.unanalyzed) {
    if (/Maximum call stack/.test(u.reason)) return { ok: false, kind: "stack overflow", detail: u.reason };
    if (/longer than its budget/.test(u.reason)) return { ok: false, kind: "over budget", detail: u.reason };
    return { ok: false, kind: "internal error", detail: u.reason };
  }
  const sentinelFound = result.findings.some((f) => f.location.path === SENTINEL_PATH && f.ruleId === "nil-map-write");
  const sentinelSaid = [...result.skipped, ...result.notes].some((n) => n.path === SENTINEL_PATH);
  if (!sentinelFound && !sentinelSaid) return { ok: false, kind: "dropped finding", detail: "the sentinel's nil-map write was not reported and nothing said why" };
  return { ok: true };
}
