// Reads .github/mapguard.yml through Probot (default branch, org-wide
// .github repository, `_extends`), turning every failure into a message for
// the check run instead of a crashed delivery.
import type { Context } from "probot";
import { CONFIG_FILE, parseConfig } from "../config.js";
import type { ConfigResult } from "../config.js";

export async function readConfig(context: Pick<Context, "config">): Promise<ConfigResult> {
  let raw: unknown;
  try {
    raw = await context.config(CONFIG_FILE);
  } catch (error) {
    return { ok: false, error: `[mapguard] could not read .github/${CONFIG_FILE}: ${describe(error)}` };
  }
  return parseConfig(raw);
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // The YAML parser's own message (line and column) sits in `cause`.
  const cause = error.cause instanceof Error ? ` ${error.cause.message.split("\n")[0]}` : "";
  return `${error.message.replace(/^\[@probot\/octokit-plugin-config\] /, "")}${cause}`;
}
