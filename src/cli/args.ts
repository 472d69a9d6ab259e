// The command line's grammar: parsing argv into a plain request, and the help
// texts. Nothing here touches files or processes.
import { parseArgs, type ParseArgsConfig } from "node:util";
import type { FailOn } from "../review/summary.js";

export type OutputFormat = "text" | "json" | "sarif";

export interface AnalyzeRequest {
  command: "analyze";
  paths: string[];
  format: OutputFormat;
  /** Unset: the config file's fail_on, else error. */
  failOn?: FailOn;
  /** Unset: the config file's max_file_bytes, else the default. */
  maxFileBytes?: number;
  /** Milliseconds one package's analysis may take. */
  packageBudgetMs?: number;
  base?: string;
  /** A config file to read instead of the repository's .github/mapguard.yml. */
  configFile?: string;
  /** --no-config: the defaults, whatever the repository's config file says. */
  noConfig?: boolean;
  /** No progress on stderr, even at a terminal. */
  quiet?: boolean;
}

/** `mapguard ir`: the IR of Go files or packages, with their call-graph edges. */
export interface IrRequest {
  command: "ir";
  paths: string[];
  func?: string;
}

export type CliRequest =
  | AnalyzeRequest
  | IrRequest
  | { command: "demo" }
  | { command: "help"; topic: "main" | "analyze" | "ir" }
  | { command: "version" };

/** A mistake in how mapguard was called: one line that says what to do instead, exit status 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(`[mapguard] ${message}`);
    this.name = "UsageError";
  }
}

const FORMATS: readonly OutputFormat[] = ["text", "json", "sarif"];
const FAIL_ON: readonly FailOn[] = ["error", "warning", "notice", "never"];

export const MAIN_HELP = `mapguard: finds map hazards in Go code (writes to nil maps, maps shared between goroutines).

Usage:
  mapguard analyze [paths...] [options]   analyse Go files and directories
  mapguard ir <file-or-dir> [--func NAME] print the IR mapguard reasons over, for debugging a finding
  mapguard demo                           run the demo
  mapguard --help | --version

Run "mapguard analyze --help" for the options of analyze.
`;

export const ANALYZE_HELP = `Usage: mapguard analyze [paths...] [options]

Analyses the Go files and directories given (default: the current directory).
Directories are searched recursively; vendor/, generated files, non-UTF-8 and
oversized files are skipped with a reason; like the go tool, directories named
testdata or starting with "." or "_" are not entered.

Options:
  --format text|json|sarif     output format (default text)
  --fail-on error|warning|notice|never
                               exit 1 when a reported finding is this severe
                               or more (default error)
  --max-file-bytes N           skip files larger than N bytes (default 1000000)
  --package-budget MS          give up a package whose analysis takes longer
                               than MS milliseconds (default 10000, plus 2000
                               per 100 KB of the package's source); it is
                               listed as not analysed
  --base <git-rev>             report only what the changes since <git-rev>
                               cause (a finding on a changed line, or one the
                               base revision does not have), as the GitHub App
                               does for a pull request
  --config <file>              read this config file instead of the
                               repository's .github/mapguard.yml
  --no-config                  ignore .github/mapguard.yml (defaults only)
  -q, --quiet                  no progress on stderr (it is shown only when
                               stderr is a terminal)
  -h, --help                   show this help

Paths in the output are relative to the root of the git repository holding
the first path (the current directory outside a repository), as GitHub shows
them. The repository's .github/mapguard.yml applies as it does to the GitHub
App: rules, fail_on, paths.exclude, max_file_bytes; options given here win.

Exit status: 0 when nothing reaches --fail-on, 1 when something does,
2 on a usage or internal error, or when no Go file was found to analyse,
3 when nothing reaches --fail-on but some package could not be analysed
(over its budget, or a bug of mapguard's): it is not clean either.
`;

export const IR_HELP = `Usage: mapguard ir <file-or-dir>... [--func NAME]

Prints the intermediate representation mapguard's rules reason over: every
function of each package lowered to basic blocks of map accesses, assignments,
calls, goroutines, locks and branches, followed by its call-graph edges. A
file is shown with the other files of its package, since names, types and
calls are resolved package-wide.

Options:
  --func NAME    only functions whose name is NAME or contains it
                 (\`Put\`, \`(*Cache).Put\`, \`main$1\` for a function literal)
  -h, --help     show this help
`;

export function parseCommandLine(argv: readonly string[]): CliRequest {
  const [command, ...rest] = argv;
  if (command === undefined || command === "-h" || command === "--help" || command === "help") {
    return { command: "help", topic: "main" };
  }
  if (command === "-v" || command === "--version" || command === "version") return { command: "version" };
  if (command === "demo") {
    if (rest.includes("-h") || rest.includes("--help")) return { command: "help", topic: "main" };
    if (rest.length > 0) throw new UsageError(`demo takes no arguments (got ${rest.join(" ")}); run mapguard demo alone`);
    return { command: "demo" };
  }
  if (command === "analyze") return parseAnalyze(rest);
  if (command === "ir") return parseIr(rest);
  throw new UsageError(`unknown command "${command}"; use mapguard analyze, mapguard ir or mapguard demo (mapguard --help lists them)`);
}

/** How each option that takes a value is written, for messages that show the fix. */
const VALUE_HINTS: Record<string, string> = {
  format: "--format text|json|sarif",
  "fail-on": "--fail-on error|warning|notice|never",
  "max-file-bytes": "--max-file-bytes <bytes>, e.g. --max-file-bytes 2000000",
  "package-budget": "--package-budget <milliseconds>, e.g. --package-budget 30000",
  base: "--base <git-rev>, e.g. --base origin/main",
  config: "--config <file>, e.g. --config .github/mapguard.yml",
  func: "--func <name>, e.g. --func Put",
};

/** node:util's parseArgs, strict and with positionals; its errors become one-line usage errors that say what to type. */
function parseStrict<T extends NonNullable<ParseArgsConfig["options"]>>(command: string, argv: string[], options: T) {
  try {
    return parseArgs({ args: argv, allowPositionals: true as const, strict: true as const, options });
  } catch (error) {
    throw new UsageError(describeParseError(command, error as Error & { code?: string }, options));
  }
}

function describeParseError(command: string, error: Error & { code?: string }, options: NonNullable<ParseArgsConfig["options"]>): string {
  const help = `run "mapguard ${command} --help" for the options`;
  // node's messages quote the option: "Option '--format <value>' argument missing", "Unknown option '--colour'".
  const quoted = /'(-{1,2}[^' ,<]+)/.exec(error.message)?.[1] ?? "";
  const name = quoted.replace(/^-+/, "");
  const long = Object.entries(options).find(([key, o]) => key === name || o.short === name)?.[0];
  switch (error.code) {
    case "ERR_PARSE_ARGS_INVALID_OPTION_VALUE":
      if (long !== undefined && options[long]?.type === "boolean") return `--${long} takes no value; write it alone, e.g. mapguard ${command} --${long}`;
      if (long !== undefined) return `--${long} needs a value: ${VALUE_HINTS[long] ?? `--${long} <value>`}`;
      break;
    case "ERR_PARSE_ARGS_UNKNOWN_OPTION":
      return `unknown option ${quoted || "(unnamed)"} for ${command}; ${help}`;
  }
  return `${error.message.split("\n")[0].replace(/\.$/, "")}; ${help}`;
}

function parseAnalyze(argv: string[]): CliRequest {
  const { values, positionals } = parseStrict("analyze", argv, {
    format: { type: "string" },
    "fail-on": { type: "string" },
    "max-file-bytes": { type: "string" },
    "package-budget": { type: "string" },
    base: { type: "string" },
    config: { type: "string" },
    "no-config": { type: "boolean" },
    quiet: { type: "boolean", short: "q" },
    help: { type: "boolean", short: "h" },
  });
  if (values.help) return { command: "help", topic: "analyze" };
  const request: AnalyzeRequest = {
    command: "analyze",
    paths: positionals.length > 0 ? positionals : ["."],
    format: oneOf("--format", values.format ?? "text", FORMATS),
  };
  if (values["fail-on"] !== undefined) request.failOn = oneOf("--fail-on", values["fail-on"], FAIL_ON);
  if (values.config !== undefined && values["no-config"]) throw new UsageError("--config and --no-config contradict each other; give one of them");
  if (values.config !== undefined) {
    if (values.config === "") throw new UsageError(`--config needs a value: ${VALUE_HINTS.config}`);
    request.configFile = values.config;
  }
  if (values["no-config"]) request.noConfig = true;
  if (values.quiet) request.quiet = true;
  if (values["max-file-bytes"] !== undefined) request.maxFileBytes = positiveInteger("--max-file-bytes", values["max-file-bytes"]);
  if (values["package-budget"] !== undefined) request.packageBudgetMs = positiveInteger("--package-budget", values["package-budget"]);
  if (values.base !== undefined) {
    if (values.base === "" || values.base.startsWith("-")) throw new UsageError(`--base needs a git revision (got "${values.base}"): ${VALUE_HINTS.base}`);
    request.base = values.base;
  }
  return request;
}

function parseIr(argv: string[]): CliRequest {
  const { values, positionals } = parseStrict("ir", argv, { func: { type: "string" }, help: { type: "boolean", short: "h" } });
  if (values.help) return { command: "help", topic: "ir" };
  if (positionals.length === 0) throw new UsageError("ir needs a Go file or directory, e.g. mapguard ir ./internal/cache");
  const request: IrRequest = { command: "ir", paths: positionals };
  if (values.func !== undefined) {
    if (values.func === "") throw new UsageError(`--func needs a function name: ${VALUE_HINTS.func}`);
    request.func = values.func;
  }
  return request;
}

function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  const found = allowed.find((a) => a === value);
  if (found === undefined) throw new UsageError(`${flag} must be one of ${allowed.join(", ")} (got "${value}"), e.g. ${flag} ${allowed[0]}`);
  return found;
}

function positiveInteger(flag: string, value: string): number {
  if (!/^\d+$/.test(value) || Number(value) <= 0 || !Number.isSafeInteger(Number(value))) {
    throw new UsageError(`${flag} must be a positive whole number of bytes (got "${value}"), e.g. ${flag} 2000000`);
  }
  return Number(value);
}
