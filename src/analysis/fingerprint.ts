// Finding identity that survives pushes: lines above a finding move, its own
// text rarely does. Hence no line numbers, only what the finding is about.
import { createHash } from "node:crypto";

export interface FingerprintInput {
  ruleId: string;
  path: string;
  /** What the finding is about, e.g. the map's name. */
  subject: string;
  /** The file's lines (index 0 = line 1). */
  lines: readonly string[];
  startLine: number;
  endLine: number;
}

export function normaliseWhitespace(text: string): string {
  return text.trim().replace(/\s+/g, " ");
}

/**
 * 16 base64url characters of sha256 over the rule, path, subject and the
 * whitespace-normalised flagged lines, plus how many identical (normalised)
 * stretches come before them in the file, so two identical lines differ.
 */
export function fingerprint(input: FingerprintInput): string {
  const span = input.endLine - input.startLine + 1;
  const flagged = normalisedSpan(input.lines, input.startLine, span);
  let occurrence = 0;
  for (let line = 1; line < input.startLine; line++) {
    if (normaliseWhitespace(input.lines[line - 1] ?? "") !== normaliseWhitespace(input.lines[input.startLine - 1] ?? "")) continue;
    if (normalisedSpan(input.lines, line, span) === flagged) occurrence++;
  }
  return createHash("sha256")
    .update(JSON.stringify([input.ruleId, input.path, input.subject, flagged, occurrence]))
    .digest("base64url")
    .slice(0, 16);
}

function normalisedSpan(lines: readonly string[], startLine: number, count: number): string {
  const out: string[] = [];
  for (let i = 0; i < count; i++) out.push(normaliseWhitespace(lines[startLine - 1 + i] ?? ""));
  return out.join("\n");
}
