import { describe, expect, it } from "vitest";
import { lower } from "./lower-helpers.js";

describe("lowering: positions", () => {
  it("gives 1-based lines and UTF-16 columns, the offset of the span start and the statement's span", async () => {
    const text = 'package p\n\nfunc f(m map[string]int) {\n\ts := "é😀"; m[s] = 1\n}\n';
    const ir = await lower(text);
    const write = ir.functions[0].blocks[0].instrs.find((i) => i.op === "access");
    const column = '\ts := "é😀"; '.length + 1;
    expect(write?.span).toEqual({ line: 4, column, endLine: 4, endColumn: column + 4 });
    expect(write?.at).toBe(text.indexOf("m[s]"));
    expect(write?.stmt).toEqual({ line: 4, column, endLine: 4, endColumn: column + 8 });
  });
});
