// Locks held on hand-built IR: each test is the Go in its comment, lowered by hand.
import { describe, expect, it } from "vitest";
import { locksHeld } from "../../../src/analysis/flow/locks-held.js";
import type { Instr, IrFunction } from "../../../src/analysis/lower/ir.js";
import { access, branch, call, deferCall, deferUnlock, fn, jump, lock, method, opaque, p, ret, unlock } from "./ir-builder.js";

const mu = p(0, "mu");
const held = (r: ReturnType<typeof locksHeld>, instr: Instr): string[] | null => r.before(instr)?.map((h) => `${h.key}:${h.mode}`) ?? null;

describe("locksHeld on hand-built IR", () => {
  it("mu.Lock(); if c { a; mu.Unlock() } else { b; mu.Unlock() }: held in both arms, not after", () => {
    const [a, b, after] = [access(p(1)), access(p(1)), access(p(1))];
    const f = fn([[[lock(mu)], branch(opaque, 1, 2)], [[a, unlock(mu)], jump(3)], [[b, unlock(mu)], jump(3)], [[after], ret]]);
    const r = locksHeld(f);
    expect(held(r, a)).toEqual(["v0.mu:write"]);
    expect(held(r, b)).toEqual(["v0.mu:write"]);
    expect(held(r, after)).toEqual([]);
    expect(r.heldAtExit).toEqual([]);
    expect(r.releasedNotAcquired).toEqual([]);
  });

  it("unlock in one arm only: not held after the join, and the function may return holding it (not surely)", () => {
    const after = access(p(1));
    const f = fn([[[lock(mu)], branch(opaque, 1, 2)], [[unlock(mu)], jump(2)], [[after], ret]]);
    const r = locksHeld(f);
    expect(held(r, after)).toEqual([]);
    expect(r.heldAtExit).toEqual([]);
  });

  it("defer mu.Unlock() keeps it held to the end, and the function does not return holding it", () => {
    const [a, b] = [access(p(1)), access(p(1))];
    const f = fn([[[lock(mu), deferUnlock(mu), a], branch(opaque, 1, 2)], [[b], ret], [[], ret]]);
    const r = locksHeld(f);
    expect(held(r, a)).toEqual(["v0.mu:write"]);
    expect(held(r, b)).toEqual(["v0.mu:write"]);
    expect(r.deferredBefore(b, "v0.mu")).toBe(true);
    expect(r.heldAtExit).toEqual([]);
  });

  it("defer func() { mu.Unlock() }() releases through the closure's captured variable", () => {
    const closure: IrFunction = {
      ...fn([[[unlock(p(0, "mu"))], ret]], 1, 1),
      kind: "closure",
      parent: 0,
      vars: [{ id: 0, name: "c", kind: "captured", type: null, declared: null, at: -1, outer: { fn: 0, var: 0 } }],
    };
    const a = access(p(1));
    const f = fn([[[lock(mu), deferCall({ callee: { kind: "closure", fn: 1 }, args: [], spread: false }), a], ret]]);
    const r = locksHeld(f, { functions: [f, closure] });
    expect(held(r, a)).toEqual(["v0.mu:write"]);
    expect(r.heldAtExit).toEqual([]);
    // Without the closure's IR the defer releases nothing: the function returns holding mu.
    expect(locksHeld(f).heldAtExit.map((h) => h.key)).toEqual(["v0.mu"]);
  });

  it("RLock is held in read mode, Lock in write mode, each released by its own unlock", () => {
    const rw = p(0, "rw");
    const [a, b, c] = [access(p(1)), access(p(1)), access(p(1))];
    const f = fn([[[lock(rw, "read"), a, unlock(rw, "read"), lock(rw), b, lock(mu, "read"), unlock(rw), c], ret]]);
    const r = locksHeld(f);
    expect(held(r, a)).toEqual(["v0.rw:read"]);
    expect(held(r, b)).toEqual(["v0.rw:write"]);
    expect(held(r, c)).toEqual(["v0.mu:read"]);
    expect(r.heldAtExit.map((h) => `${h.key}:${h.mode}`)).toEqual(["v0.mu:read"]);
  });

  it("a lock in a loop body is held inside the body, not at the loop head", () => {
    const [head, body] = [access(p(1)), access(p(1))];
    const f = fn([[[], jump(1)], [[head], branch(opaque, 2, 3)], [[lock(mu), body, unlock(mu)], jump(1)], [[], ret]]);
    const r = locksHeld(f);
    expect(r.converged).toBe(true);
    expect(held(r, head)).toEqual([]);
    expect(held(r, body)).toEqual(["v0.mu:write"]);
  });

  it("a lock taken in a loop and never released is not surely held at the head (first iteration)", () => {
    const head = access(p(1));
    const f = fn([[[], jump(1)], [[head], branch(opaque, 2, 3)], [[lock(mu)], jump(1)], [[], ret]]);
    expect(held(locksHeld(f), head)).toEqual([]);
  });

  it("the caller's locks: an entry state is held until released; an unlock of what nobody holds is ignored and reported", () => {
    const [a, b] = [access(p(1)), access(p(1))];
    const stray = unlock(p(2));
    const f = fn([[[a, unlock(mu), stray, b], ret]]);
    const r = locksHeld(f, { entry: [{ mutex: mu, mode: "write" }] });
    expect(held(r, a)).toEqual(["v0.mu:write"]);
    expect(r.before(a)?.[0].lockedAt).toBeNull();
    expect(held(r, b)).toEqual([]);
    expect(r.releasedNotAcquired.map((x) => x.instr)).toEqual([stray]);
  });

  it("an unlock helper and a lockAndGet helper are told apart", () => {
    const unlockHelper = fn([[[unlock(mu)], ret]]);
    expect(locksHeld(unlockHelper).releasedNotAcquired.map((x) => x.key)).toEqual(["v0.mu"]);
    const deferOnly = fn([[[deferUnlock(mu, "RUnlock")], ret]]);
    expect(locksHeld(deferOnly).releasedNotAcquired.map((x) => `${x.key}:${x.mode}`)).toEqual(["v0.mu:read"]);
    const lockAndGet = fn([[[lock(mu), access(p(1), "read")], ret]]);
    const r = locksHeld(lockAndGet);
    expect(r.heldAtExit.map((h) => h.key)).toEqual(["v0.mu"]);
    expect(r.releasedNotAcquired).toEqual([]);
  });

  it("unlocking a lock taken on one arm only is not an unlock helper", () => {
    const f = fn([[[], branch(opaque, 1, 2)], [[lock(mu)], jump(2)], [[unlock(mu)], ret]]);
    expect(locksHeld(f).releasedNotAcquired).toEqual([]);
  });

  it("calls a summary says lock or unlock", () => {
    const a = access(p(1));
    const f = fn([[[call(method(p(0), "lockAndGet")), a, call(method(p(0), "unlock"))], ret]]);
    const r = locksHeld(f, {
      callLocks: (c) =>
        c.callee.kind === "method" && c.callee.name === "lockAndGet" ? { acquires: [{ mutex: mu, mode: "write" }] } : { releases: [{ mutex: mu, mode: "write" }] },
    });
    expect(held(r, a)).toEqual(["v0.mu:write"]);
    expect(r.heldAtExit).toEqual([]);
  });

  it("a function that touches no lock holds its entry state everywhere it reaches, and returns holding it", () => {
    const [a, dead] = [access(p(1)), access(p(1))];
    const f = fn([[[a], ret], [[dead], ret]]);
    const r = locksHeld(f, { entry: [{ mutex: mu, mode: "read" }] });
    expect(held(r, a)).toEqual(["v0.mu:read"]);
    expect(r.before(dead)).toBeNull();
    expect(r.heldAtExit.map((h) => h.key)).toEqual(["v0.mu"]);
    expect(held(locksHeld(f), a)).toEqual([]);
  });
});
