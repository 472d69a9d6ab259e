// PLACEHOLDER (to be replaced by the review layer): SARIF 2.1.0 for the CLI and code scanning.
import type { Finding, RuleMeta } from "../analysis/types.js";

export interface SarifOptions {
  toolVersion: string;
  docsBaseUrl: string;
}

export function toSarif(findings: Finding[], rules: readonly RuleMeta[], options: SarifOptions): Record<string, unknown> {
  throw new Error(`not implemented: toSarif(${findings.length}, ${rules.length}, ${options.toolVersion})`);
}
