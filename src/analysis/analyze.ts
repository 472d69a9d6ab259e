// The public entry of the pure analysis: Go source text in, findings out.
import type { Parser, Tree } from "web-tree-sitter";
import { T } from "./go/grammar.js";
import { loadGo } from "./go/load-go.js";
import { type ParseOutcome, withParsedTrees } from "./go/parse.js";
import { ParserAbortedError } from "./go/parser-aborted-error.js";
import { groupByDirectory, packageNameOf, utf8Length } from "./group-packages.js";
import { type FileModel, fileModel, type ParsedFile, splitLines } from "./file-model.js";
import { packageFacts, type PackageFacts } from "./package-facts.js";
import type { Rule } from "./rules/support/rule.js";
import { semanticLayer } from "./semantic-packages.js";
import { rules } from "./rules/index.js";
import { formatBytes } from "./source.js";
import { type CollectedFindings, finishFindings } from "./finish-findings.js";
import { findSuppressions, SUPPRESSION_RULE_ID } from "./suppress.js";
import { Budget, defaultPackageBudgetMs, OverBudgetError } from "./budget.js";
import { longIdentifier, MAX_IDENTIFIER_CHARS } from "./go/long-identifiers.js";
import { LoweringError } from "./lower/lowering-error.js";
import type { AnalysisResult, AnalyzeOptions, Finding, SourceFile } from "./types.js";
import { DEFAULT_MAX_FILE_BYTES } from "./types.js";

export { ParserAbortedError };

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

/** `ruleSet` defaults to every rule; tests pass another to check one rule alone. */
export async function createAnalyzer(ruleSet: readonly Rule[] = rules): Promise<Analyzer> {
  const { parser } = await loadGo();
  return { analyzeFiles: (files, options = {}) => analyzeFiles(parser, ruleSet, files, options) };
}

interface Collected extends CollectedFindings {
  lines: Map<string, readonly string[]>;
}

function analyzeFiles(parser: Parser, ruleSet: readonly Rule[], files: SourceFile[], options: AnalyzeOptions): AnalysisResult {
  const result: AnalysisResult = { findings: [], suppressed: [], skipped: [], notes: [], analyzed: [], unanalyzed: [] };
  const collected: Collected = { findings: [], suppressions: [], lines: new Map() };
  const maxBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const toParse: SourceFile[] = [];
  for (const file of files) {
    const bytes = utf8Length(file.text);
    if (bytes > maxBytes) {
      result.skipped.push({ path: file.path, reason: `file is ${formatBytes(bytes)}, over the ${formatBytes(maxBytes)} size cap` });
    } else if (file.text.trim() === "") {
      result.notes.push({ path: file.path, message: "empty file, nothing to analyse" });
    } else toParse.push(file);
  }
  for (const group of groupByDirectory(toParse)) {
    try {
      analyzeDirectory(parser, ruleSet, group.dir, group.files, options, result, collected);
    } catch (error) {
      if (error instanceof ParserAbortedError) throw error;
      // A bug of ours outside any one package's analysis must cost this directory, not the whole analysis.
      const reason = messageOf(error);
      result.unanalyzed.push({ dir: group.dir, packageName: null, paths: group.files.map((f) => f.path), reason: `internal error: ${reason}` });
    }
  }
  return finishFindings(result, collected, options);
}

function analyzeDirectory(
  parser: Parser,
  ruleSet: readonly Rule[],
  dir: string,
  files: readonly SourceFile[],
  options: AnalyzeOptions,
  result: AnalysisResult,
  collected: Collected,
): void {
  const budget = new Budget(options.packageBudgetMs ?? defaultPackageBudgetMs(files.reduce((n, f) => n + f.text.length, 0)));
  const requests = files.map((f) => ({ path: f.path, text: f.text, budgetMs: options.parseBudgetMs }));
  withParsedTrees(parser, requests, (outcomes: ParseOutcome<Tree>[]) => {
    const packages = new Map<string, ParsedFile[]>();
    outcomes.forEach((outcome, i) => {
      const file = files[i];
      if (!outcome.ok) {
        result.notes.push({ path: file.path, message: outcome.reason });
        return;
      }
      const root = outcome.value.rootNode;
      const long = longIdentifier(file.text, root);
      if (long) {
        result.skipped.push({ path: file.path, reason: `an identifier of ${long.chars.toLocaleString("en")} characters on line ${long.line}, over the ${MAX_IDENTIFIER_CHARS.toLocaleString("en")}-character cap` });
        return;
      }
      const parsed: ParsedFile = { path: file.path, text: file.text, packageName: packageNameOf(root), root };
      packages.set(parsed.packageName, [...(packages.get(parsed.packageName) ?? []), parsed]);
      const lines = splitLines(file.text);
      collected.lines.set(file.path, lines);
      collected.suppressions.push(
        ...findSuppressions(file.path, lines, (row, column) => root.descendantForPosition({ row, column })?.type === T.comment),
      );
    });
    const enabled = ruleSet.filter((rule) => (options.ruleSeverities?.[rule.id] ?? rule.meta.severity) !== "off");
    for (const [name, parsed] of packages) analyzePackage(dir, name, parsed, enabled, budget, options, result, collected);
  });
}

/**
 * One package, failing closed: a package whose analysis ran over budget or
 * hit a bug of ours is listed in `unanalyzed` and its files are not counted
 * as analysed (so nothing reads it as clean, and no review thread on it is
 * taken for fixed). A file that lowering failed on is set aside and the
 * rest of the package analysed without it.
 */
function analyzePackage(
  dir: string,
  name: string,
  parsed: readonly ParsedFile[],
  enabled: readonly Rule[],
  budget: Budget,
  options: AnalyzeOptions,
  result: AnalysisResult,
  collected: Collected,
): void {
  let files = parsed;
  for (;;) {
    try {
      const layers = buildLayers(dir, name, files, enabled, budget);
      for (const file of layers.files) {
        if (file.firstErrorLine !== null) {
          result.notes.push({
            path: file.path,
            message: `syntax error at line ${file.firstErrorLine}; findings inside broken regions are not reported`,
          });
        }
      }
      const { findings, failed } = runRules(enabled, layers, options, budget);
      collected.findings.push(...findings);
      if (failed.length > 0) {
        const reason = failed.map((f) => `rule ${f.rule} failed: ${f.reason}`).join("; ");
        result.unanalyzed.push({ dir, packageName: name, paths: files.map((f) => f.path), reason });
      } else result.analyzed.push(...files.map((f) => f.path));
      return;
    } catch (error) {
      if (error instanceof ParserAbortedError) throw error;
      const reason = messageOf(error);
      if (error instanceof LoweringError && files.length > 1 && files.some((f) => f.path === error.path)) {
        result.unanalyzed.push({ dir, packageName: name, paths: [error.path], reason: `internal error: ${reason}` });
        files = files.filter((f) => f.path !== error.path);
        continue;
      }
      const why = error instanceof OverBudgetError ? reason : `internal error: ${reason}`;
      result.unanalyzed.push({ dir, packageName: name, paths: files.map((f) => f.path), reason: why });
      return;
    }
  }
}

/**
 * The package as the enabled rules need it: its files' facts always
 * (syntax-error regions are said even when every rule is off), the semantic
 * layer only when some rule is enabled.
 */
interface Layers {
  files: readonly FileModel[];
  facts: PackageFacts | null;
}

function buildLayers(dir: string, name: string, parsed: readonly ParsedFile[], enabled: readonly Rule[], budget: Budget): Layers {
  const files = parsed.map(fileModel);
  if (enabled.length === 0) return { files, facts: null };
  const { ir, semantic } = semanticLayer(parsed, { budget });
  budget.checkNow("the semantic model");
  return { files, facts: packageFacts(dir, name, files, ir, semantic, budget) };
}

interface RuleRun {
  findings: Finding[];
  /** Rules that threw on this package (a bug of ours): the others' findings stand, the package is not fully analysed. */
  failed: { rule: string; reason: string }[];
}

function runRules(enabled: readonly Rule[], layers: Layers, options: AnalyzeOptions, budget: Budget): RuleRun {
  const out: RuleRun = { findings: [], failed: [] };
  const facts = layers.facts;
  if (!facts) return out;
  for (const rule of enabled) {
    const configured = options.ruleSeverities?.[rule.id];
    if (configured === "off") continue; // filtered already; keeps the type narrow
    let found: Finding[];
    try {
      found = rule.check(facts, options);
    } catch (error) {
      if (error instanceof OverBudgetError) throw error;
      out.failed.push({ rule: rule.id, reason: messageOf(error) });
      continue;
    }
    budget.checkNow(`rule ${rule.id}`);
    for (const finding of found) {
      const file = layers.files.find((f) => f.path === finding.location.path);
      const line = finding.location.startLine;
      if (file?.errorLines.some((r) => line >= r.start && line <= r.end)) continue;
      // A rule may grade its own findings (an error when nil on every path, a warning on some); the configuration overrides both.
      out.findings.push({ ...finding, severity: configured ?? finding.severity });
    }
  }
  return out;
}

export { SUPPRESSION_RULE_ID };

/** Longest error message a reason quotes: an error can carry its input (a pattern built from a name, say), and a reason is read in a check run. */
const MAX_MESSAGE_CHARS = 300;

function messageOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.length <= MAX_MESSAGE_CHARS ? message : `${message.slice(0, MAX_MESSAGE_CHARS)}… (${message.length.toLocaleString("en")} characters)`;
}
