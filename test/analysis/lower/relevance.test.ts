// Relevance: the analysis lowers in full only the bodies that can matter to
// map hazards; the others keep their signature, a note and an empty body.
import { describe, expect, it } from "vitest";
import type { IrFunction, PackageIr } from "../../../src/analysis/lower/ir.js";
import { NOT_LOWERED } from "../../../src/analysis/lower/lower-function.js";
import { printPackage } from "../../../src/analysis/lower/print-ir.js";
import { MAX_CALLS } from "../../../src/analysis/lower/relevance.js";
import { lower } from "./lower-helpers.js";

const SOURCE = `package p

type Cache struct {
	items map[string]int
	n     int
}

func (c *Cache) put(k string) { c.items[k] = 1 }

// store reaches a map write one call away.
func store(c *Cache, k string) { c.put(k) }

// twice reaches it two calls away.
func twice(c *Cache) { store(c, "a") }

// thrice is three calls above the write: past MAX_CALLS.
func thrice(c *Cache) { twice(c) }

// count touches no map, lock, goroutine or channel, and calls nothing that does.
func count(c *Cache, xs []int) int {
	n := c.n
	for _, x := range xs {
		n += x
	}
	return n
}

// label mentions map only in a comment and a string: "map".
func label(n int) string { return "map" }

func spawn(c *Cache) { go count(c, nil) }
`;

function fn(ir: PackageIr, name: string): IrFunction {
  const found = ir.functions.find((f) => f.name === name);
  if (!found) throw new Error(`[mapguard test] no function ${name}`);
  return found;
}

describe("lowering: relevance", () => {
  it("stubs a function whose text mentions nothing map hazards depend on, keeping its signature", async () => {
    const ir = await lower(SOURCE, { relevance: true });
    for (const name of ["count", "label"]) {
      const f = fn(ir, name);
      expect(f.notes).toEqual([NOT_LOWERED]);
      expect(f.blocks).toHaveLength(1);
      expect(f.blocks[0].instrs).toEqual([]);
      expect(f.blocks[0].term).toEqual({ kind: "return" });
    }
    expect(fn(ir, "count").vars.map((v) => `${v.name}:${v.kind}`)).toEqual(["c:param", "xs:param", "~r0:result"]);
    expect(printPackage(ir, { func: "count" })).toContain(`note: ${NOT_LOWERED}`);
  });

  it("lowers a function that calls a relevant function, directly or two calls away", async () => {
    const ir = await lower(SOURCE, { relevance: true });
    for (const name of ["(*Cache).put", "store", "twice", "spawn"]) {
      const f = fn(ir, name);
      expect(f.notes).toEqual([]);
      expect(f.blocks.some((b) => b.instrs.length > 0)).toBe(true);
    }
  });

  it("stubs a caller more than MAX_CALLS calls above the hazard", async () => {
    expect(MAX_CALLS).toBe(2);
    const ir = await lower(SOURCE, { relevance: true });
    expect(fn(ir, "thrice").notes).toEqual([NOT_LOWERED]);
    expect(fn(ir, "twice").notes).toEqual([]);
  });

  it("lowers everything with all: true, ids and names unchanged", async () => {
    const [some, all] = [await lower(SOURCE, { relevance: true }), await lower(SOURCE)];
    expect(all.functions.every((f) => !f.notes.includes(NOT_LOWERED))).toBe(true);
    expect(some.functions.map((f) => `${f.id}:${f.name}`)).toEqual(all.functions.map((f) => `${f.id}:${f.name}`));
  });
});
