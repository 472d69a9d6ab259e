// Where the rule pages live, for links in comments, check summaries and SARIF.
// A self-hosted install (GitHub Enterprise, a fork with its own docs) points
// MAPGUARD_DOCS_URL at its copy of docs/rules.
import { DOCS_BASE_URL } from "./analysis/types.js";

export const DOCS_URL_VARIABLE = "MAPGUARD_DOCS_URL";

/** MAPGUARD_DOCS_URL when set (an http(s) URL), else the public docs. */
export function docsBaseUrl(env: NodeJS.ProcessEnv = process.env): string {
  const configured = env[DOCS_URL_VARIABLE]?.trim();
  if (!configured) return DOCS_BASE_URL;
  let url: URL;
  try {
    url = new URL(configured);
  } catch {
    throw new Error(`[mapguard] ${DOCS_URL_VARIABLE} must be an http(s) URL of the rule pages, e.g. https://ghe.example.com/org/mapguard/blob/main/docs/rules (got "${configured}")`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new Error(`[mapguard] ${DOCS_URL_VARIABLE} must be an http(s) URL of the rule pages (got "${configured}")`);
  }
  return configured.replace(/\/+$/, "");
}
