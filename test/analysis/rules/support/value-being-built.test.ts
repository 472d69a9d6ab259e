// A method call on a value its caller is still building (value-being-built.ts):
// made here, and nothing before the call can have shared it.
import { describe, expect, it } from "vitest";
import { loadGo } from "../../../../src/analysis/go/load-go.js";
import type { Instr, IrFunction } from "../../../../src/analysis/lower/ir.js";
import { onValueBeingBuilt } from "../../../../src/analysis/rules/support/value-being-built.js";
import { buildSemanticPackages } from "../../../../src/analysis/semantic-packages.js";

const source = `package p

import "sync"

type L struct {
	mu sync.Mutex
	m  map[int]int
}

func (l *L) fill()           { l.m[1] = 1 }
func (l *L) loop()           {}
func keep(l *L)              {}

func built() *L {
	l := &L{m: map[int]int{}}
	l.m[0] = 0
	l.fill()
	go l.loop()
	return l
}

func startedFirst() *L {
	l := &L{m: map[int]int{}}
	go l.loop()
	l.fill()
	return l
}

func handedFirst() *L {
	l := &L{m: map[int]int{}}
	keep(l)
	l.fill()
	return l
}

func capturedFirst() *L {
	l := &L{m: map[int]int{}}
	f := func() { l.loop() }
	l.fill()
	f()
	return l
}

func inLoop(n int) *L {
	l := &L{m: map[int]int{}}
	for i := 0; i < n; i++ {
		l.fill()
		keep(l)
	}
	return l
}

func given(l *L) { l.fill() }

func notMade(ls []*L) {
	l := ls[0]
	l.fill()
}
`;

async function fillCall(name: string): Promise<{ fn: IrFunction; call: Instr }> {
  const { parser } = await loadGo();
  const pkg = buildSemanticPackages(parser, [{ path: "p/a.go", text: source }]).packages[0];
  const fn = pkg.ir.functions.find((f) => f.name === name) as IrFunction;
  const call = fn.blocks.flatMap((b) => b.instrs).find((x) => x.op === "call" && x.call.callee.kind === "method" && x.call.callee.name === "fill");
  if (!call) throw new Error(`[mapguard test] no l.fill() in ${name}`);
  return { fn, call };
}

describe("onValueBeingBuilt", () => {
  it("holds for a call on a value made here, before it is shared", async () => {
    const { fn, call } = await fillCall("built");
    expect(onValueBeingBuilt(fn, call)).toBe(true);
  });

  it.each([
    ["startedFirst", "a goroutine started before the call"],
    ["handedFirst", "the value handed to a function before the call"],
    ["capturedFirst", "a closure made before the call"],
    ["inLoop", "the call on a loop, after which the value is handed on"],
    ["given", "a value the function was given"],
    ["notMade", "a value the function did not make"],
  ])("does not hold in %s: %s", async (name) => {
    const { fn, call } = await fillCall(name);
    expect(onValueBeingBuilt(fn, call)).toBe(false);
  });
});
