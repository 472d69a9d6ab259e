import { beforeAll, describe, expect, it } from "vitest";
import { type Analyzer, createAnalyzer } from "../../../src/analysis/analyze.js";
import { mapSentThenMutated } from "../../../src/analysis/rules/map-sent-then-mutated.js";

// A send in a deferred function literal happens when the function returns,
// after every write of the body around the literal.
describe("map-sent-then-mutated: deferred sends", () => {
  let analyzer: Analyzer;
  beforeAll(async () => {
    analyzer = await createAnalyzer([mapSentThenMutated]);
  });
  const reported = (text: string) => analyzer.analyzeFiles([{ path: "p/a.go", text }]).findings.map((f) => f.location.startLine);

  it("does not read the body's writes as coming after a deferred send", () => {
    // The channel is a one-slot lock: take the map, put it back on return (golang.org/x/tools jsonrpc2_test.go).
    const text = `package p

type handler struct{ waiters chan map[string]chan struct{} }

func (h *handler) waiter(name string) chan struct{} {
	waiters := <-h.waiters
	defer func() { h.waiters <- waiters }()
	waiter, found := waiters[name]
	if !found {
		waiter = make(chan struct{})
		waiters[name] = waiter
	}
	return waiter
}

func publish(out chan map[string]int, keys []string) {
	m := map[string]int{}
	defer func() { out <- m }()
	for i, k := range keys {
		m[k] = i
	}
}
`;
    expect(reported(text)).toEqual([]);
  });

  it("still reports a write after the send inside the deferred literal", () => {
    const text = `package p

func publish(out chan map[string]int, k string) {
	m := map[string]int{}
	defer func() {
		out <- m
		m[k] = 2
	}()
	m[k] = 1
}
`;
    expect(reported(text)).toEqual([7]);
  });
});
