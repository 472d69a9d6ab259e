// Finding identity that survives pushes: lines above a finding move, its own
// text rarely does. Hence no line numbers, only what the finding is about.
import { createHash } from "node:crypto";
import { firstAtLeast } from "./sorted-search.js";

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
  // Earlier stretches that read as the flagged one: found once per distinct stretch in an index of the file's lines,
  // then counted by binary search. A generated file of n identical flagged lines would otherwise cost n² / 2.
  const occurrence = firstAtLeast(sameStretches(input.lines, input.startLine, span, flagged), input.startLine);
  return createHash("sha256")
    .update(JSON.stringify([input.ruleId, input.path, input.subject, flagged, occurrence]))
    .digest("base64url")
    .slice(0, 16);
}

interface LineIndex {
  normalised: string[];
  /** 1-based line numbers of each normalised text, ascending. */
  byText: Map<string, number[]>;
  /** For a stretch of more than one line (`span` and its normalised text), the lines where the same stretch starts, ascending. */
  stretches: Map<string, number[]>;
}

/** The 1-based lines where a stretch reading as `flagged` (`span` lines, starting as line `startLine` does) starts. */
function sameStretches(lines: readonly string[], startLine: number, span: number, flagged: string): readonly number[] {
  const { normalised, byText, stretches } = lineIndex(lines);
  const starts = byText.get(normalised[startLine - 1] ?? "") ?? [];
  if (span === 1) return starts;
  const key = `${span}\n${flagged}`;
  let found = stretches.get(key);
  if (!found) {
    found = starts.filter((line) => normalisedSpan(lines, line, span) === flagged);
    stretches.set(key, found);
  }
  return found;
}

const indexes = new WeakMap<readonly string[], LineIndex>();

function lineIndex(lines: readonly string[]): LineIndex {
  let index = indexes.get(lines);
  if (!index) {
    const normalised = lines.map(normaliseWhitespace);
    const byText = new Map<string, number[]>();
    normalised.forEach((text, i) => {
      const list = byText.get(text);
      if (list) list.push(i + 1);
      else byText.set(text, [i + 1]);
    });
    index = { normalised, byText, stretches: new Map() };
    indexes.set(lines, index);
  }
  return index;
}

function normalisedSpan(lines: readonly string[], startLine: number, count: number): string {
  const out: string[] = [];
  for (let i = 0; i < count; i++) out.push(normaliseWhitespace(lines[startLine - 1 + i] ?? ""));
  return out.join("\n");
}
