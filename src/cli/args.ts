// The command line's grammar: parsing argv into a plain request, and the help
// texts. Nothing here touches files or processes.
import { parseArgs, type ParseArgsConfig } from "node:util";
import type { FailOn } from "../review/summary.js";

export type OutputFormat = "text" | "json" | "sarif";

export interface AnalyzeRequest {
  command: "analyze";
  paths: string[];
  format: OutputFormat;
  failOn: FailOn;
  maxFileBytes?: number;
  base?: string;
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

/** A mistake in how mapguard was called: reported with the usage, exit status 2. */
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
  --base <git-rev>             report only what the changes since <git-rev>
                               cause (a finding on a changed line, or one the
                               base revision does not have), as the GitHub App
                               does for a pull request
  -h, --help                   show this help

Exit status: 0 when nothing reaches --fail-on, 1 when something does,
2 on a usage or internal error.
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
    if (rest.length > 0) throw new UsageError(`demo takes no arguments (got ${rest.join(" ")})`);
    return { command: "demo" };
  }
  if (command === "analyze") return parseAnalyze(rest);
  if (command === "ir") return parseIr(rest);
  throw new UsageError(`unknown command "${command}"; expected analyze, ir or demo`);
}

/** node:util's parseArgs, strict and with positionals; its errors become usage errors. */
function parseStrict<T extends NonNullable<ParseArgsConfig["options"]>>(argv: string[], options: T) {
  try {
    return parseArgs({ args: argv, allowPositionals: true as const, strict: true as const, options });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

function parseAnalyze(argv: string[]): CliRequest {
  const { values, positionals } = parseStrict(argv, {
    format: { type: "string" },
    "fail-on": { type: "string" },
    "max-file-bytes": { type: "string" },
    base: { type: "string" },
    help: { type: "boolean", short: "h" },
  });
  if (values.help) return { command: "help", topic: "analyze" };
  const request: AnalyzeRequest = {
    command: "analyze",
    paths: positionals.length > 0 ? positionals : ["."],
    format: oneOf("--format", values.format ?? "text", FORMATS),
    failOn: oneOf("--fail-on", values["fail-on"] ?? "error", FAIL_ON),
  };
  if (values["max-file-bytes"] !== undefined) request.maxFileBytes = positiveInteger("--max-file-bytes", values["max-file-bytes"]);
  if (values.base !== undefined) {
    if (values.base === "" || values.base.startsWith("-")) throw new UsageError(`--base needs a git revision (got "${values.base}")`);
    request.base = values.base;
  }
  return request;
}

function parseIr(argv: string[]): CliRequest {
  const { values, positionals } = parseStrict(argv, { func: { type: "string" }, help: { type: "boolean", short: "h" } });
  if (values.help) return { command: "help", topic: "ir" };
  if (positionals.length === 0) throw new UsageError("ir needs a Go file or directory, e.g. mapguard ir ./internal/cache");
  const request: IrRequest = { command: "ir", paths: positionals };
  if (values.func !== undefined) {
    if (values.func === "") throw new UsageError("--func needs a function name");
    request.func = values.func;
  }
  return request;
}

function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  const found = allowed.find((a) => a === value);
  if (found === undefined) throw new UsageError(`${flag} must be one of ${allowed.join(", ")} (got "${value}")`);
  return found;
}

function positiveInteger(flag: string, value: string): number {
  if (!/^\d+$/.test(value) || Number(value) <= 0 || !Number.isSafeInteger(Number(value))) {
    throw new UsageError(`${flag} must be a positive whole number of bytes (got "${value}")`);
  }
  return Number(value);
}
