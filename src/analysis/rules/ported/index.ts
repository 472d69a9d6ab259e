// Rules ported onto the semantic layer (IR, types, call graph, flow,
// summaries), not yet in the registry: each is checked against every fixture
// of its rule and the real-bug corpus (test/analysis/rules-ported.test.ts),
// and replaces its per-function-model twin in rules/index.ts once every rule
// is ported and the layer is as fast as the model it replaces.
import type { SemanticRule } from "../support/rule.js";

export const portedRules: readonly SemanticRule[] = [];
