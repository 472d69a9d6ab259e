// Hand-built findings for review tests: the review layer is tested without
// the analysis, on exactly the shapes the contract allows.
import type { Finding, Location } from "../../src/analysis/types.js";

export function loc(path: string, startLine: number, endLine = startLine, startColumn = 2, endColumn = 12): Location {
  return { path, startLine, startColumn, endLine, endColumn };
}

export function finding(overrides: Partial<Finding> & { location: Location }): Finding {
  return {
    ruleId: "nil-map-write",
    severity: "error",
    message: "Write to nil map `m` panics: assignment to entry in nil map.",
    related: [],
    fingerprint: `fp-${overrides.location.path}-${overrides.location.startLine}`,
    ...overrides,
  };
}
