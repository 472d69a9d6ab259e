// Nil-ness on hand-built IR: each test is the Go in its comment, lowered by hand.
import { describe, expect, it } from "vitest";
import { ENTRY_UNKNOWN, joinNil, NON_NIL, nilFrom, UNKNOWN, type NilOrigin } from "../../../src/analysis/flow/nil-facts.js";
import { nilness, nilnessAt } from "../../../src/analysis/flow/nilness.js";
import type { Instr } from "../../../src/analysis/lower/ir.js";
import {
  access,
  addr,
  assign,
  branch,
  call,
  fn,
  fnCallee,
  isNil,
  jump,
  lit,
  makeV,
  method,
  nilV,
  opaque,
  p,
  pathV,
  ret,
  SPAN,
  zeroMap,
  zeroStruct,
} from "./ir-builder.js";

const m = p(0);
const kinds = (facts: Map<Instr, { kind: string }>): string[] => [...facts.values()].map((f) => f.kind);

describe("nil facts", () => {
  const o = (id: number, line: number): NilOrigin => ({ kind: "nil", span: { ...SPAN, line }, at: line, id });
  it("joins nil with non-nil or unknown into maybe-nil, keeping origins in source order, at most four", () => {
    const [a, b] = [o(1, 5), o(2, 3)];
    expect(joinNil(nilFrom([a]), NON_NIL)).toEqual({ kind: "maybe-nil", origins: [a] });
    expect(joinNil(UNKNOWN, nilFrom([a])).kind).toBe("maybe-nil");
    expect(joinNil(NON_NIL, UNKNOWN)).toBe(UNKNOWN);
    expect(joinNil(nilFrom([a]), nilFrom([b]))).toEqual({ kind: "nil", origins: [b, a] });
    const many = [1, 2, 3, 4, 5, 6].map((i) => nilFrom([o(i, 10 - i)]));
    expect(many.reduce(joinNil).origins.map((x) => x.id)).toEqual([6, 5, 4, 3]);
  });
});

describe("nilness on hand-built IR", () => {
  it("var m map; if c { m = make() }; m[k] = v: maybe-nil at the write, from the declaration", () => {
    const decl = assign(m, zeroMap);
    const write = access(m);
    const f = fn([[[decl], branch(opaque, 1, 2)], [[assign(m, makeV)], jump(2)], [[write], ret]]);
    const fact = nilnessAt(f).get(write);
    expect(fact?.kind).toBe("maybe-nil");
    expect(fact?.origins.map((x) => [x.kind, x.at])).toEqual([["zero", decl.at]]);
  });

  it("made on both arms: non-nil; reset to nil afterwards: nil", () => {
    const [w1, w2] = [access(m), access(m)];
    const f = fn([[[assign(m, zeroMap)], branch(opaque, 1, 2)], [[assign(m, makeV)], jump(3)], [[assign(m, makeV)], jump(3)], [[w1, assign(m, nilV), w2], ret]]);
    const facts = nilnessAt(f);
    expect(facts.get(w1)).toBe(NON_NIL);
    expect(facts.get(w2)?.kind).toBe("nil");
    expect(facts.get(w2)?.origins[0].kind).toBe("nil");
  });

  it("lazy init: if m == nil { m = make() }; m[k] = v is non-nil, for a declared nil map and for an unknown parameter", () => {
    for (const start of [[assign(m, zeroMap)], []]) {
      const write = access(m);
      const f = fn([[start, branch(isNil(m), 1, 2)], [[assign(m, makeV)], jump(2)], [[write], ret]]);
      expect(nilnessAt(f).get(write)).toBe(NON_NIL);
    }
  });

  it("if m == nil { log() }; m[k] = v: maybe-nil from the branch; inside the arm: nil", () => {
    const inside = access(m, "read");
    const write = access(m);
    const f = fn([[[], branch(isNil(m), 1, 2)], [[call({ kind: "external", pkg: "log", name: "Print" }), inside], jump(2)], [[write], ret]]);
    const facts = nilnessAt(f);
    expect(facts.get(inside)?.kind).toBe("nil");
    expect(facts.get(write)?.kind).toBe("maybe-nil");
    expect(facts.get(write)?.origins[0].kind).toBe("branch");
  });

  it("m != nil refines the arms the other way, and an arm that contradicts a known fact is not taken", () => {
    const [inThen, inElse] = [access(m), access(m)];
    const f = fn([[[assign(m, nilV)], branch(isNil(m, true), 1, 2)], [[inThen], ret], [[inElse], ret]]);
    const facts = nilnessAt(f);
    expect(facts.has(inThen)).toBe(false);
    expect(facts.get(inElse)?.kind).toBe("nil");
    expect(nilness(f).before(inThen, m)).toBeNull();
  });

  it("len(m) > 0 means non-nil on the then arm", () => {
    const write = access(m);
    const f = fn([[[], branch({ kind: "len", path: m, op: ">", value: "0" }, 1, 2)], [[write], ret], [[], ret]]);
    expect(nilnessAt(f).get(write)).toBe(NON_NIL);
  });

  it("copies follow the source: m2 := m; m2[k] = v is nil when m is", () => {
    const write = access(p(1));
    const f = fn([[[assign(m, zeroMap), assign(p(1), pathV(m)), write], ret]]);
    expect(nilnessAt(f).get(write)?.kind).toBe("nil");
  });

  it("a call that gets m keeps m non-nil but forgets what lies under it; &m forgets m itself", () => {
    const [w1, w2, w3] = [access(m), access(p(0, "[]")), access(m)];
    const f = fn([
      [[assign(m, makeV), assign(p(0, "[]"), makeV), call(fnCallee("fill"), [pathV(m)]), w1, w2, call(fnCallee("reset"), [addr(m)]), w3], ret],
    ]);
    const facts = nilnessAt(f);
    expect(facts.get(w1)).toBe(NON_NIL);
    expect(facts.get(w2)).toBe(UNKNOWN);
    expect(facts.get(w3)).toBe(UNKNOWN);
  });

  it("struct paths: s = T{} makes s.m nil (omitted), T{m: make()} non-nil, and s = other forgets s.m", () => {
    const sm = p(1, "m");
    const [w1, w2, w3, w4] = [access(sm), access(sm), access(sm), access(sm)];
    const f = fn([
      [
        [assign(sm, makeV), assign(p(1), lit({})), w1, assign(p(1), lit({ m: makeV })), w2, assign(p(1), zeroStruct), w3, assign(sm, makeV), assign(p(1), pathV(p(2))), w4],
        ret,
      ],
    ]);
    const facts = nilnessAt(f);
    expect(facts.get(w1)?.kind).toBe("nil");
    expect(facts.get(w1)?.origins[0].kind).toBe("omitted");
    expect(facts.get(w2)).toBe(NON_NIL);
    expect(facts.get(w3)?.origins[0].kind).toBe("zero");
    expect(facts.get(w4)).toBe(UNKNOWN);
  });

  it("a method call on s forgets s.m; a package map is forgotten by any call; a builtin forgets nothing", () => {
    const g = p("cache");
    const [w1, w2, w3] = [access(p(1, "m")), access(g), access(g)];
    const f = fn([
      [
        [assign(p(1, "m"), makeV), assign(g, makeV), call({ kind: "builtin", name: "append" }, [pathV(g)]), w3, call(method(p(1), "reset")), w1, w2],
        ret,
      ],
    ]);
    const facts = nilnessAt(f);
    expect(facts.get(w3)).toBe(NON_NIL);
    expect(facts.get(w1)).toBe(UNKNOWN);
    expect(facts.get(w2)).toBe(UNKNOWN);
  });

  it("hooks: a call result said to be nil, a call said to initialise s.m, variables closures assign", () => {
    const [w1, w2, w3] = [access(m), access(p(1, "m")), access(p(2))];
    const f = fn([
      [[call(fnCallee("get"), [], [m]), w1, call(method(p(1), "init")), w2, assign(p(2), makeV), call(fnCallee("other")), w3], ret],
    ]);
    const facts = nilnessAt(f, {
      callResultNil: (c) => (c.callee.kind === "func" && c.callee.name === "get" ? "nil" : null),
      callEffect: (instr) => (instr.call.callee.kind === "method" ? { sets: [{ path: p(1, "m"), kind: "non-nil" }] } : null),
      clobberedByCalls: new Set([2]),
    });
    expect(facts.get(w1)?.origins[0].kind).toBe("call");
    expect(facts.get(w2)).toBe(NON_NIL);
    expect(facts.get(w3)).toBe(UNKNOWN);
  });

  it("an element assignment is weak: m[a] = make() does not make every m[b] non-nil", () => {
    const inner = p(0, "[]");
    const write = access(inner);
    const f = fn([[[assign(inner, makeV), write], ret]]);
    // Still what the caller handed over, for all the function knows.
    expect(nilnessAt(f).get(write)).toBe(ENTRY_UNKNOWN);
  });

  it("a loop settles: nil before the loop, made inside it, maybe-nil at the loop head", () => {
    const head = access(m, "read");
    const f = fn([[[assign(m, nilV)], jump(1)], [[head], branch(opaque, 2, 3)], [[assign(m, makeV)], jump(1)], [[], ret]]);
    const result = nilness(f);
    expect(result.converged).toBe(true);
    expect(result.before(head, m)?.kind).toBe("maybe-nil");
  });

  it("entry facts from the caller and extra tracked paths", () => {
    const r: Instr = { op: "return", values: [], span: SPAN, at: 99, stmt: SPAN };
    const f = fn([[[r], ret]]);
    const result = nilness(f, { entry: [{ path: p(1, "m"), fact: NON_NIL }], track: [m] });
    expect(result.before(r, p(1, "m"))).toBe(NON_NIL);
    expect(result.before(r, m)).toBe(ENTRY_UNKNOWN);
  });

  it("reports unknown everywhere when the solver hits its cap", () => {
    const write = access(m);
    const f = fn([[[assign(m, nilV)], jump(1)], [[write], branch(opaque, 2, 3)], [[assign(m, makeV)], jump(1)], [[], ret]]);
    const result = nilness(f, { maxVisits: 1 });
    expect(result.converged).toBe(false);
    expect(result.before(write, m)).toBe(UNKNOWN);
    expect(kinds(nilnessAt(f, { maxVisits: 1 }))).toEqual(["unknown"]);
  });

  it("select: only the chosen paths are followed; other accesses are left out", () => {
    const [wm, ws] = [access(m), access(p(1))];
    const f = fn([[[assign(m, nilV), assign(p(1), nilV), wm, ws], ret]]);
    const facts = nilnessAt(f, { select: (path) => path.root.kind === "var" && path.root.var === 0 });
    expect(facts.get(wm)?.kind).toBe("nil");
    expect(facts.has(ws)).toBe(false);
    expect(nilness(f, { select: () => false }).before(ws, p(1))).toBe(UNKNOWN);
  });
});
