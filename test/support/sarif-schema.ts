// The official SARIF 2.1.0 schema (the OASIS "rtm.5" release, as shipped by
// Microsoft's SARIF tooling) compiled once, with its string formats checked
// rather than ignored (ajv warns about, and skips, formats it does not know),
// and GitHub code scanning's documented requirements for uploads.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import AjvDraft04 from "ajv-draft-04";

const require = createRequire(import.meta.url);
const schema = JSON.parse(readFileSync(require.resolve("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json"), "utf8")) as Record<string, unknown>;

/** The formats the schema uses. */
export const SARIF_FORMATS = {
  uri: (s: string) => URL.canParse(s),
  "uri-reference": (s: string) => URL.canParse(s, "file:///"),
  "date-time": (s: string) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/i.test(s) && !Number.isNaN(Date.parse(s)),
};

// A CommonJS module: under NodeNext its class is the default export's `default`.
// unicodeRegExp: false, because one pattern of the official schema is not a valid /u regular expression.
export function compileSarifSchema() {
  return new AjvDraft04.default({ allErrors: true, strict: false, unicodeRegExp: false, formats: SARIF_FORMATS }).compile(schema);
}

interface Loc {
  physicalLocation?: { artifactLocation?: { uri?: string; uriBaseId?: string }; region?: { startLine?: number } };
}

/**
 * What GitHub code scanning requires of an upload beyond the schema
 * ("SARIF support for code scanning" and its limits page): at most 20 runs,
 * 25,000 rules and results a run, 1,000 locations a result; a tool name; each
 * result with a ruleId, a message and a location whose uri is relative to the
 * repository root (through a uriBaseId the run defines with an absolute uri
 * ending in "/") and a start line; partialFingerprints to track results.
 */
export function codeScanningProblems(log: unknown): string[] {
  const problems: string[] = [];
  const l = log as { version?: string; runs?: Record<string, unknown>[] };
  if (l.version !== "2.1.0") problems.push(`version is ${String(l.version)}, not 2.1.0`);
  const runs = l.runs ?? [];
  if (runs.length === 0 || runs.length > 20) problems.push(`${runs.length} runs (1 to 20 allowed)`);
  for (const run of runs) {
    const driver = (run.tool as { driver?: { name?: string; rules?: unknown[] } } | undefined)?.driver;
    if (!driver?.name) problems.push("tool.driver.name is missing");
    if ((driver?.rules?.length ?? 0) > 25_000) problems.push("more than 25,000 rules");
    const bases = (run.originalUriBaseIds ?? {}) as Record<string, { uri?: string }>;
    const results = (run.results ?? []) as { ruleId?: string; message?: { text?: string }; locations?: Loc[]; relatedLocations?: Loc[]; partialFingerprints?: object }[];
    if (results.length > 25_000) problems.push("more than 25,000 results");
    results.forEach((r, i) => {
      if (!r.ruleId) problems.push(`result ${i}: no ruleId`);
      if (!r.message?.text) problems.push(`result ${i}: no message.text`);
      if (!r.partialFingerprints) problems.push(`result ${i}: no partialFingerprints`);
      const locations = [...(r.locations ?? []), ...(r.relatedLocations ?? [])];
      if ((r.locations ?? []).length === 0) problems.push(`result ${i}: no location`);
      if (locations.length > 1000) problems.push(`result ${i}: more than 1,000 locations`);
      for (const loc of locations) {
        const a = loc.physicalLocation?.artifactLocation;
        const uri = a?.uri ?? "";
        if (uri === "" || /^[a-z][a-z0-9+.-]*:/i.test(uri) || uri.startsWith("/") || uri.split("/").includes("..")) {
          problems.push(`result ${i}: uri "${uri}" is not relative to the repository root`);
        }
        const base = a?.uriBaseId === undefined ? undefined : bases[a.uriBaseId];
        if (!base?.uri || !base.uri.startsWith("file:///") || !base.uri.endsWith("/")) {
          problems.push(`result ${i}: uriBaseId ${String(a?.uriBaseId)} has no absolute file uri ending in "/" in originalUriBaseIds`);
        }
        if (!((loc.physicalLocation?.region?.startLine ?? 0) >= 1)) problems.push(`result ${i}: no region.startLine`);
      }
    });
  }
  return problems;
}
