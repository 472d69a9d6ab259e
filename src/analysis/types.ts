// The contracts between analysis, review and publish. Everything here is plain
// data so it can cross a worker-thread boundary (structured clone) unchanged.

export type Severity = "error" | "warning" | "notice";

/** Severities ordered from most to least serious. */
export const SEVERITIES: readonly Severity[] = ["error", "warning", "notice"];

/**
 * A span of source. Lines and columns are 1-based. Columns count UTF-16 code
 * units (what tree-sitter's web binding and GitHub's annotations both use);
 * endColumn is exclusive.
 */
export interface Location {
  path: string;
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

/** Replaces lines startLine..endLine (1-based, inclusive) of `path` with `replacement`. */
export interface LineEdit {
  path: string;
  startLine: number;
  endLine: number;
  /** The new text of those lines, without a trailing newline; may hold several lines. */
  replacement: string;
}

export interface Fix {
  description: string;
  edits: LineEdit[];
}

export interface RelatedLocation {
  location: Location;
  message: string;
}

export interface Finding {
  /** e.g. "nil-map-write"; equals the rule's file name, docs page and fixture folder. */
  ruleId: string;
  severity: Severity;
  /** Where the comment goes. */
  location: Location;
  /** One or two plain sentences; names the map and the consequence. */
  message: string;
  /** The other side of a race, the declaration lacking `make`, the lock. */
  related: RelatedLocation[];
  fix?: Fix;
  /** Key of the rule's message template that produced `message` (tests and tools may match on it). */
  messageId?: string;
  /** Stable across pushes and line shifts: hash of rule id, path, map name and normalised flagged text. */
  fingerprint: string;
}

/** A Go source file handed to the analysis. `path` is repository-relative with `/` separators. */
export interface SourceFile {
  path: string;
  text: string;
}

/** A file the analysis did not look at, and why (shown in the check summary). */
export interface SkippedFile {
  path: string;
  reason: string;
}

/** Something the analysis wants the reader to know about a file it did analyse (e.g. parse errors). */
export interface FileNote {
  path: string;
  message: string;
}

export interface AnalyzeOptions {
  /** Files larger than this many UTF-8 bytes are skipped with a reason. Default 1 MB. */
  maxFileBytes?: number;
  /** Per-rule severity override or "off" (from .github/mapguard.yml `rules:`). */
  ruleSeverities?: Record<string, Severity | "off">;
  /** How long one file's parse may take before it is given up with a note. Default 5000 ms. */
  parseBudgetMs?: number;
  /**
   * How long one package's analysis may take, parse included, before it is
   * given up and listed in `unanalyzed`. Default 10 s, plus 2 s per 100 KB
   * of the package's source (budget.ts).
   */
  packageBudgetMs?: number;
  /** The module's `go` directive (e.g. "1.21"), when known; lets fixes use newer std APIs. */
  goVersion?: string;
}

export interface AnalysisResult {
  findings: Finding[];
  /** Findings silenced by a `//mapguard:ignore` comment (counted in the summary, never posted). */
  suppressed: Finding[];
  skipped: SkippedFile[];
  notes: FileNote[];
  /** Paths of the files whose analysis completed: their packages' every rule ran. */
  analyzed: string[];
  /**
   * Packages (or files set aside from one) the analysis could not finish:
   * over the time budget, or a bug of mapguard's. Never to be read as clean.
   */
  unanalyzed: UnanalyzedPackage[];
}

/** A package, or some of its files, that was not (fully) analysed, and why. */
export interface UnanalyzedPackage {
  dir: string;
  /** The package clause's name; null when the directory failed before its packages were told apart. */
  packageName: string | null;
  paths: string[];
  reason: string;
}

/** Static description of a rule, used by the CLI, SARIF, docs and the summary. */
export interface RuleMeta {
  id: string;
  severity: Severity;
  /** One line, used in README's table, SARIF shortDescription and `/mapguard explain`. */
  summary: string;
}

export const DEFAULT_MAX_FILE_BYTES = 1_000_000;

export const DOCS_BASE_URL = "https://github.com/mapguard/mapguard/blob/main/docs/rules";
