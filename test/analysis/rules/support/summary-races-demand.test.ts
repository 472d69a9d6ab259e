// The summary race query builds the access summaries its sides can use, and no
// others: a locking type's methods and the goroutines tests start take no part
// in it (race-side-index.ts), so what they reach is not summarised for it.
import { describe, expect, it } from "vitest";
import { summarise } from "../../summaries/helpers.js";
import { packageFacts } from "../../../../src/analysis/package-facts.js";
import { summaryRaces } from "../../../../src/analysis/rules/support/summary-races.js";
import type { AccessSummaries } from "../../../../src/analysis/summaries/summary-types.js";

const LOCKING_TYPE = `package p

import "sync"

type Cache struct {
	mu    sync.Mutex
	items map[string]int
}

func (c *Cache) Get(k string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return lookup(c.items, k)
}

func (c *Cache) Set(k string, v int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.items[k] = v
}

func lookup(m map[string]int, k string) int { return m[k] }
`;

const GOROUTINE = `
var counts = map[string]int{}

func count(k string) { counts[k]++ }

func Start() {
	go count("a")
	count("b")
}
`;

/** The function names whose summaries the query asked for. */
async function askedBy(source: string | Record<string, string>): Promise<{ asked: string[]; races: number }> {
  const s = await summarise(source);
  const facts = packageFacts(s.pkg.dir, s.pkg.name, [], s.pkg.ir, s.pkg.semantic);
  const asked = new Set<number>();
  const real = facts.accessSummaries();
  const recording: AccessSummaries = {
    summaryOf: (id) => {
      asked.add(id);
      return real.summaryOf(id);
    },
    get summaries() {
      return real.summaries;
    },
  };
  facts.accessSummaries = () => recording;
  const races = summaryRaces(facts).length;
  return { asked: [...asked].map((id) => s.pkg.ir.functions[id].name).sort(), races };
}

describe("the summary race query's demand", () => {
  it("asks for no summary when a locking type's methods are all the concurrency there is", async () => {
    expect(await askedBy(LOCKING_TYPE)).toEqual({ asked: [], races: 0 });
  });

  it("asks for the goroutine's body and its spawner, not for the locking type's methods", async () => {
    const { asked, races } = await askedBy(LOCKING_TYPE + GOROUTINE);
    expect(asked).toEqual(["Start", "count"]);
    expect(races).toBeGreaterThan(0);
  });

  it("asks for none of what a test starts", async () => {
    const test = `package p\n\nimport "testing"\n\nfunc TestCount(t *testing.T) {\n\tgo count("a")\n\tcount("b")\n}\n`;
    const source = `package p\n${GOROUTINE.replace(/func Start[\s\S]*/, "")}`;
    expect(await askedBy({ "p/a.go": source, "p/a_test.go": test })).toEqual({ asked: [], races: 0 });
  });
});
