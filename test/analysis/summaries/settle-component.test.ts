// The fixpoint inside a cycle of calls: a worklist, callees first, within a budget.
import { describe, expect, it } from "vitest";
import type { IrFunction } from "../../../src/analysis/lower/ir.js";
import { settleComponent, summaryReads } from "../../../src/analysis/summaries/settle-component.js";
import { summarise } from "./helpers.js";

// a -> b -> c -> a, and d outside the cycle calling a; a also hands a literal to run. Each writes a map, so each
// body is lowered.
const source = `package p

var m = map[int]int{}

func a(n int) {
	m[n] = n
	if n > 0 {
		b(n - 1)
	}
	run(func() { m[0] = 0 })
}

func b(n int) { m[n] = 1; c(n) }

func c(n int) { m[n] = 2; a(n) }

func d() { m[9] = 9; a(3) }

func run(f func()) { f() }
`;

async function cycle(): Promise<{ members: IrFunction[]; name: (id: number) => string; pkg: Awaited<ReturnType<typeof summarise>>["pkg"] }> {
  const { pkg } = await summarise(source);
  const byName = (n: string): IrFunction => pkg.ir.functions.find((f) => f.name === n) as IrFunction;
  const component = pkg.semantic.callGraph.stronglyConnectedComponents().find((c) => c.includes(byName("a").id)) as number[];
  return { pkg, members: component.map((id) => pkg.ir.functions[id]), name: (id) => pkg.ir.functions[id].name };
}

describe("settleComponent", () => {
  it("reads a function's callees and the literals it hands them", async () => {
    const { pkg } = await summarise(source);
    const a = pkg.ir.functions.find((f) => f.name === "a") as IrFunction;
    const names = summaryReads(pkg, a.id).map((id) => pkg.ir.functions[id].name);
    expect(names).toEqual(expect.arrayContaining(["b", "run", "a$1"]));
    expect(names).not.toContain("d");
  });

  it("starts callees first and recomputes only the readers of what changed", async () => {
    const { pkg, members, name } = await cycle();
    expect(members.map((f) => f.name).sort()).toEqual(["a", "b", "c"]);
    const order: string[] = [];
    // Only a's first computation changes anything (what the others read of a summary is the same every time).
    const seen = new Set<number>();
    const settled = settleComponent(
      pkg,
      members,
      (fn) => {
        order.push(name(fn.id));
        const first = !seen.has(fn.id);
        seen.add(fn.id);
        return first && fn.name === "a";
      },
      4,
    );
    expect(settled).toBe(true);
    // Callees first: the reverse of the order the search found them (a, b, c). Then c again, a's only reader. b reads
    // only c, whose summary did not change: it is not recomputed.
    expect(order).toEqual(["c", "b", "a", "c"]);
  });

  it("gives up past maxRounds recomputations per member and says so", async () => {
    const { pkg, members } = await cycle();
    let calls = 0;
    const settled = settleComponent(
      pkg,
      members,
      () => {
        calls++;
        return true; // never settles
      },
      2,
    );
    expect(settled).toBe(false);
    expect(calls).toBe(2 * members.length);
  });
});
