import { describe, expect, it } from "vitest";
import { escapeMarkdown, escapeProse, fencedBlock, inlineCode, tableCell } from "../../src/review/markdown.js";

describe("markdown helpers", () => {
  it("escapes markup in file names", () => {
    expect(escapeMarkdown("a_b/*c*/[d](e)<f>|g~h#i&j.go")).toBe("a\\_b/\\*c\\*/\\[d\\](e)\\<f\\>\\|g\\~h\\#i\\&j.go");
  });

  it("keeps code spans in prose and escapes around them, including a stray backtick", () => {
    expect(escapeProse("map `m_1` and ``a`b`` are *bold* ` alone")).toBe("map `m_1` and ``a`b`` are \\*bold\\* \\` alone");
  });

  it("escapes block markers at the start of a line", () => {
    expect(escapeProse("# title\n- item\n1. one\n2) two\n> quote")).toBe("\\# title\n\\- item\n1\\. one\n2\\) two\n\\> quote");
  });

  it("escapes every unescaped pipe in a table cell, also inside code spans", () => {
    expect(tableCell("a | b `x|y` c \\| d \\\\| e")).toBe("a \\| b `x\\|y` c \\| d \\\\\\| e");
    expect(tableCell("x".repeat(400), 10)).toBe(`${"x".repeat(9)}…`);
  });

  it("makes inline code and fences longer than the backticks they hold", () => {
    expect(inlineCode("a``b")).toBe("```a``b```");
    expect(inlineCode("`x")).toBe("`` `x ``");
    expect(fencedBlock("go", "```\nx")).toBe("````go\n```\nx\n````");
    expect(fencedBlock("suggestion", "")).toBe("```suggestion\n```");
  });
});
