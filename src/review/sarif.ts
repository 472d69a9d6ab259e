// SARIF 2.1.0 for the command line and GitHub code scanning. Only what the
// standard requires plus what code scanning reads (rules with help links,
// partialFingerprints to track a result across commits, fixes).
import type { Finding, Location, RuleMeta, Severity } from "../analysis/types.js";
import { ruleDocsUrl } from "./render.js";

export interface SarifOptions {
  toolVersion: string;
  docsBaseUrl: string;
  /** Where the tool's home page is; default the docs' repository. */
  informationUri?: string;
  /**
   * The absolute `file:` URI (ending in "/") of the directory the paths are
   * relative to, the repository root: written as %SRCROOT% in
   * originalUriBaseIds so a consumer can resolve every artifact's uri.
   */
  srcRoot?: string;
}

/** The base id every artifact location is relative to: the repository root, as code scanning expects. */
export const SRCROOT = "%SRCROOT%";

export const SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
export const FINGERPRINT_KEY = "mapguard/v1";
const DEFAULT_INFORMATION_URI = "https://github.com/mapguard/mapguard";

const LEVELS: Record<Severity, "error" | "warning" | "note"> = { error: "error", warning: "warning", notice: "note" };

export function toSarif(findings: Finding[], rules: readonly RuleMeta[], options: SarifOptions): Record<string, unknown> {
  // A finding may name a rule the registry does not list (e.g. a newer
  // analysis); it still gets a rule entry so ruleIndex is always valid.
  const ruleList: RuleMeta[] = [...rules];
  for (const f of findings) {
    if (!ruleList.some((r) => r.id === f.ruleId)) ruleList.push({ id: f.ruleId, severity: f.severity, summary: f.ruleId });
  }
  const ruleIndex = new Map(ruleList.map((r, i) => [r.id, i]));

  return {
    $schema: SARIF_SCHEMA,
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "mapguard",
            version: options.toolVersion,
            semanticVersion: options.toolVersion,
            informationUri: options.informationUri ?? DEFAULT_INFORMATION_URI,
            rules: ruleList.map((r) => ({
              id: r.id,
              name: ruleName(r.id),
              shortDescription: { text: r.summary },
              helpUri: ruleDocsUrl(options.docsBaseUrl, r.id),
              defaultConfiguration: { level: LEVELS[r.severity] },
            })),
          },
        },
        originalUriBaseIds: {
          [SRCROOT]: {
            ...(options.srcRoot !== undefined ? { uri: options.srcRoot } : {}),
            description: { text: "The root of the repository the paths are relative to." },
          },
        },
        columnKind: "utf16CodeUnits",
        results: findings.map((f) => resultFor(f, ruleIndex.get(f.ruleId) ?? 0)),
      },
    ],
  };
}

function resultFor(finding: Finding, ruleIndex: number): Record<string, unknown> {
  const result: Record<string, unknown> = {
    ruleId: finding.ruleId,
    ruleIndex,
    level: LEVELS[finding.severity],
    message: { text: finding.message },
    locations: [{ physicalLocation: physicalLocation(finding.location) }],
    partialFingerprints: { [FINGERPRINT_KEY]: finding.fingerprint },
  };
  if (finding.related.length > 0) {
    result.relatedLocations = finding.related.map((r, i) => ({
      id: i + 1,
      physicalLocation: physicalLocation(r.location),
      message: { text: r.message },
    }));
  }
  if (finding.fix) {
    const byPath = new Map<string, typeof finding.fix.edits>();
    for (const e of finding.fix.edits) byPath.set(e.path, [...(byPath.get(e.path) ?? []), e]);
    result.fixes = [
      {
        description: { text: finding.fix.description },
        artifactChanges: [...byPath].map(([path, edits]) => ({
          artifactLocation: { uri: artifactUri(path), uriBaseId: SRCROOT },
          replacements: edits.map((e) => ({
            // Without columns a region spans whole lines up to, not including,
            // the last newline (SARIF 3.30.5), which also works on a last line
            // that has none; so the replacement needs no newline of its own.
            deletedRegion: { startLine: e.startLine, endLine: e.endLine },
            insertedContent: { text: e.replacement },
          })),
        })),
      },
    ];
  }
  return result;
}

function physicalLocation(location: Location): Record<string, unknown> {
  return {
    artifactLocation: { uri: artifactUri(location.path), uriBaseId: SRCROOT },
    region: {
      startLine: location.startLine,
      startColumn: location.startColumn,
      endLine: location.endLine,
      endColumn: location.endColumn,
    },
  };
}

/** A relative URI reference: `/`-separated, each segment percent-encoded. */
export function artifactUri(path: string): string {
  return path.replace(/\\/g, "/").replace(/^\.\//, "").split("/").map(encodeURIComponent).join("/");
}

/** SARIF's `name` is an identifier-like PascalCase form of the id: nil-map-write -> NilMapWrite. */
function ruleName(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join("");
}
