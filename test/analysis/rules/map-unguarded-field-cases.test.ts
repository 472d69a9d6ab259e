import { beforeAll, describe, expect, it } from "vitest";
import { type Analyzer, createAnalyzer } from "../../../src/analysis/analyze.js";
import { mapUnguardedField } from "../../../src/analysis/rules/map-unguarded-field.js";

// Calls on a receiver typed by a type assertion (`v.(*Account)`) are calls
// the rule sees: a helper whose every such caller holds no lock is reported.
describe("map-unguarded-field: helpers called through asserted values", () => {
  let analyzer: Analyzer;
  beforeAll(async () => {
    analyzer = await createAnalyzer([mapUnguardedField]);
  });

  it("reports an unexported method whose every caller, seen through an assertion, holds no lock", () => {
    // nats-server accounts.go addAllServiceImportSubs: it cannot be called with a.mu held, since addSub locks it.
    const text = `package p

import "sync"

type imports struct{ services map[string]int }

type Account struct {
	mu      sync.Mutex
	imports imports
}

func (a *Account) add(k string) {
	a.mu.Lock()
	a.imports.services[k]++
	a.mu.Unlock()
}

func (a *Account) remove(k string) {
	a.mu.Lock()
	delete(a.imports.services, k)
	a.mu.Unlock()
}

func (a *Account) addSub(n int) {
	a.mu.Lock()
	_ = n
	a.mu.Unlock()
}

func (a *Account) addAll() {
	for _, n := range a.imports.services {
		a.addSub(n)
	}
}

func setup(reg map[string]interface{}) {
	acc := reg["x"].(*Account)
	acc.addAll()
}
`;
    const findings = analyzer.analyzeFiles([{ path: "p/a.go", text }]).findings;
    expect(findings.map((f) => `${f.location.startLine} ${f.ruleId}`)).toEqual(["31 map-unguarded-field"]);
  });
});
