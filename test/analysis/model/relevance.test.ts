import { describe, expect, it } from "vitest";
import { mentions, relevanceTest } from "../../../src/analysis/model/relevance.js";

describe("relevance", () => {
  it("finds names only as whole identifiers", () => {
    expect(mentions("x := m[k]", "m")).toBe(true);
    expect(mentions("mm[k] = 1; am = 2; m_ = 3", "m")).toBe(false);
    expect(mentions("mapping := 1", "map")).toBe(false);
    expect(mentions("var x map[string]int", "map")).toBe(true);
    expect(mentions("m", "m")).toBe(true);
  });

  it("treats non-ASCII letters, including astral ones, as identifier characters", () => {
    expect(mentions("ém := 1", "m")).toBe(false);
    expect(mentions("mé := 1", "m")).toBe(false);
    expect(mentions("𝑥m := 1", "m")).toBe(false);
    expect(mentions("café[k] = 1", "café")).toBe(true);
    expect(mentions("😀 m", "m")).toBe(true);
  });

  it("always considers `map`, plus the names it is given", () => {
    const test = relevanceTest(["cache"]);
    expect(test("return make(map[int]int)")).toBe(true);
    expect(test("cache[k] = v")).toBe(true);
    expect(test("return a + b")).toBe(false);
  });
});
