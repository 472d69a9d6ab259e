// PLACEHOLDER (to be replaced by the analysis core): the registry of rules.
import type { RuleMeta } from "../types.js";

export const ruleMetas: readonly RuleMeta[] = [
  { id: "nil-map-write", severity: "error", summary: "Write to a map that is nil on every path to the write." },
];
