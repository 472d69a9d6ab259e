// Reads .github/mapguard.yml, turning every failure into a message for the
// check run instead of a crashed delivery. Probot's context.config (default
// branch, org-wide .github repository, `_extends`) asks REST twice when the
// repository has no file — its own, then the owner's `.github` repository's.
// One GraphQL query asks both at once; whatever it cannot settle alone (an
// `_extends`, a file it cannot give as text, YAML that does not parse, any
// error) goes to context.config, so the result is always context.config's.
import type { Context } from "probot";
import { parse as parseYaml } from "yaml";
import { CONFIG_FILE, parseConfig } from "../config.js";
import type { ConfigResult } from "../config.js";
import { QUERY_NAMES } from "./query-names.js";
import { graphqlReader } from "./read-client.js";
import type { GitHubClient } from "./types.js";

/** `HEAD` is the default branch, where context.config reads too. */
const CONFIG_QUERY = `
query ${QUERY_NAMES.config}($owner: String!, $repo: String!, $expression: String!) {
  repository(owner: $owner, name: $repo) { object(expression: $expression) { __typename ... on Blob { text isBinary isTruncated } } }
  defaults: repository(owner: $owner, name: ".github") { object(expression: $expression) { __typename ... on Blob { text isBinary isTruncated } } }
}`;

interface ConfigObject {
  __typename: string;
  text?: string | null;
  isBinary?: boolean;
  isTruncated?: boolean;
}

interface ConfigAnswer {
  repository: { object: ConfigObject | null } | null;
  defaults: { object: ConfigObject | null } | null;
}

/** Where the one-query read looks: the repository, through the installation's client. */
export interface ConfigSource {
  octokit: GitHubClient;
  owner: string;
  repo: string;
}

export async function readConfig(context: Pick<Context, "config">, source?: ConfigSource): Promise<ConfigResult> {
  if (source) {
    const raw = await readInOneQuery(source).catch(() => undefined);
    if (raw !== undefined) return parseConfig(raw);
  }
  let raw: unknown;
  try {
    raw = await context.config(CONFIG_FILE);
  } catch (error) {
    return { ok: false, error: `[mapguard] could not read .github/${CONFIG_FILE}: ${describe(error)}` };
  }
  return parseConfig(raw);
}

/**
 * What context.config would return — null when neither repository has the
 * file — or undefined when this query cannot tell alone.
 */
async function readInOneQuery(source: ConfigSource): Promise<unknown> {
  const graphql = await graphqlReader(source.octokit);
  const variables = { owner: source.owner, repo: source.repo, expression: `HEAD:.github/${CONFIG_FILE}` };
  let answer: ConfigAnswer;
  try {
    answer = await graphql<ConfigAnswer>(CONFIG_QUERY, variables);
  } catch (error) {
    // An owner without a `.github` repository (or one the app cannot see) is
    // a NOT_FOUND error beside the data, as REST's 404 is for context.config.
    answer = onlyNotFound(error) as ConfigAnswer;
  }
  const file = answer.repository?.object ?? answer.defaults?.object ?? null;
  if (file === null) return null;
  if (file.__typename !== "Blob" || typeof file.text !== "string" || file.isBinary || file.isTruncated) return undefined;
  let parsed: unknown;
  try {
    parsed = parseYaml(file.text, { logLevel: "error" }) ?? {};
  } catch {
    return undefined;
  }
  if (typeof parsed === "string" || (typeof parsed === "object" && parsed !== null && "_extends" in parsed)) return undefined;
  return parsed;
}

/** The data of a GraphQL answer whose only errors are NOT_FOUND; otherwise rethrows. */
function onlyNotFound(error: unknown): unknown {
  const e = error as { errors?: { type?: string }[]; data?: unknown };
  if (Array.isArray(e.errors) && e.errors.length > 0 && e.errors.every((x) => x.type === "NOT_FOUND") && e.data) return e.data;
  throw error;
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // The YAML parser's own message (line and column) sits in `cause`.
  const cause = error.cause instanceof Error ? ` ${error.cause.message.split("\n")[0]}` : "";
  return `${error.message.replace(/^\[@probot\/octokit-plugin-config\] /, "")}${cause}`;
}
