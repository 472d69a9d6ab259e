// .github/mapguard.yml: schema, defaults and errors a maintainer can act on.
// Pure: the GitHub layer fetches the file (Probot's context.config, so an
// org-wide .github repository and `_extends` work) and hands the parsed YAML here.
import { z } from "zod";
import type { Severity } from "./analysis/types.js";
import { DEFAULT_MAX_FILE_BYTES } from "./analysis/types.js";
import { ruleMetas } from "./analysis/rules/index.js";

/** Rule ids a config may name: every rule, and the notices about suppressions. */
const KNOWN_RULES: readonly string[] = [...ruleMetas.map((r) => r.id), "suppression"];

/** Read through Probot's context.config, which looks under `.github/`. */
export const CONFIG_FILE = "mapguard.yml";

export type FailOn = Severity | "never";
export type OnErrorConclusion = "neutral" | "failure" | "success";
export type RuleSetting = Severity | "off";

export interface MapguardConfig {
  failOn: FailOn;
  onError: OnErrorConclusion;
  rules: Record<string, RuleSetting>;
  paths: { exclude: string[] };
  review: { comments: boolean; suggestions: boolean; maxComments: number };
  maxFileBytes: number;
}

export const DEFAULT_MAX_COMMENTS = 30;

export const DEFAULT_CONFIG: MapguardConfig = Object.freeze({
  failOn: "error",
  onError: "neutral",
  rules: {},
  paths: { exclude: [] },
  review: { comments: true, suggestions: true, maxComments: DEFAULT_MAX_COMMENTS },
  maxFileBytes: DEFAULT_MAX_FILE_BYTES,
}) as MapguardConfig;

const FAIL_ON = ["error", "warning", "notice", "never"] as const;
const ON_ERROR = ["neutral", "failure", "success"] as const;
const RULE_SETTINGS = ["error", "warning", "notice", "off"] as const;

// Strict objects: a misspelt key (`fail-on`, `max_comment`) silently ignored
// would leave a maintainer wondering why the setting has no effect.
const schema = z.strictObject({
  fail_on: z.enum(FAIL_ON).optional(),
  on_error: z.enum(ON_ERROR).optional(),
  rules: z.record(z.string(), z.enum(RULE_SETTINGS)).optional(),
  paths: z.strictObject({ exclude: z.array(z.string()).optional() }).optional(),
  review: z
    .strictObject({
      comments: z.boolean().optional(),
      suggestions: z.boolean().optional(),
      max_comments: z.number().int().min(0).max(DEFAULT_MAX_COMMENTS * 10).optional(),
    })
    .optional(),
  max_file_bytes: z.number().int().positive().max(100_000_000).optional(),
});

export type ConfigResult = { ok: true; config: MapguardConfig } | { ok: false; error: string };

/** Validates the parsed YAML of .github/mapguard.yml (null or undefined: no file, defaults). */
export function parseConfig(raw: unknown): ConfigResult {
  if (raw === null || raw === undefined) return { ok: true, config: DEFAULT_CONFIG };
  if (typeof raw !== "object" || Array.isArray(raw)) {
    return { ok: false, error: `[mapguard] .github/${CONFIG_FILE} must be a YAML mapping of settings (fail_on, on_error, rules, paths, review, max_file_bytes)` };
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map(describeIssue);
    return { ok: false, error: `[mapguard] invalid .github/${CONFIG_FILE}: ${lines.join("; ")}` };
  }
  const c = parsed.data;
  // A misspelt rule id would leave the rule running at its default severity.
  const unknownRules = Object.keys(c.rules ?? {}).filter((id) => !KNOWN_RULES.includes(id));
  if (unknownRules.length > 0) {
    const names = unknownRules.map((id) => `rules.${id}`).join(", ");
    return { ok: false, error: `[mapguard] invalid .github/${CONFIG_FILE}: unknown rule${unknownRules.length > 1 ? "s" : ""} ${names} (known: ${KNOWN_RULES.join(", ")})` };
  }
  return {
    ok: true,
    config: {
      failOn: c.fail_on ?? DEFAULT_CONFIG.failOn,
      onError: c.on_error ?? DEFAULT_CONFIG.onError,
      rules: { ...(c.rules ?? {}) },
      paths: { exclude: [...(c.paths?.exclude ?? [])] },
      review: {
        comments: c.review?.comments ?? DEFAULT_CONFIG.review.comments,
        suggestions: c.review?.suggestions ?? DEFAULT_CONFIG.review.suggestions,
        maxComments: c.review?.max_comments ?? DEFAULT_CONFIG.review.maxComments,
      },
      maxFileBytes: c.max_file_bytes ?? DEFAULT_CONFIG.maxFileBytes,
    },
  };
}

/** The rules map in the shape the analysis takes. */
export function ruleSeverities(config: MapguardConfig): Record<string, RuleSetting> {
  return { ...config.rules };
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const key = issue.path.map(String).join(".") || "(top level)";
  switch (issue.code) {
    case "unrecognized_keys":
      return `unknown key${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => (key === "(top level)" ? k : `${key}.${k}`)).join(", ")} (allowed: ${allowedKeys(issue.path)})`;
    case "invalid_value":
      return `${key} must be one of ${issue.values.map(String).join(" | ")}`;
    case "invalid_type":
      return `${key} must be ${article(issue.expected)}`;
    case "too_small":
      return `${key} must be ${issue.inclusive === false ? "more than" : "at least"} ${String(issue.minimum)}`;
    case "too_big":
      return `${key} must be at most ${String(issue.maximum)}`;
    default:
      return `${key}: ${issue.message}`;
  }
}

function allowedKeys(path: PropertyKey[]): string {
  const where = path.map(String).join(".");
  if (where === "paths") return "exclude";
  if (where === "review") return "comments, suggestions, max_comments";
  return "fail_on, on_error, rules, paths, review, max_file_bytes";
}

function article(expected: string): string {
  if (expected === "array") return "a list";
  if (expected === "record" || expected === "object") return "a mapping";
  if (expected === "int") return "a whole number";
  if (expected === "number") return "a number";
  if (expected === "boolean") return "true or false";
  return `a ${expected}`;
}
