import { describe, expect, it } from "vitest";
import { DOCS_BASE_URL } from "../src/analysis/types.js";
import { docsBaseUrl } from "../src/docs-url.js";
import { explainText } from "../src/github/commands.js";

describe("the rule pages' base URL", () => {
  it("is the public docs unless MAPGUARD_DOCS_URL names another host (a self-hosted install)", () => {
    expect(docsBaseUrl({})).toBe(DOCS_BASE_URL);
    expect(docsBaseUrl({ MAPGUARD_DOCS_URL: "https://ghe.example.com/tools/mapguard/blob/main/docs/rules/" })).toBe(
      "https://ghe.example.com/tools/mapguard/blob/main/docs/rules",
    );
  });

  it("refuses a value that is not an http(s) URL, naming the variable", () => {
    expect(() => docsBaseUrl({ MAPGUARD_DOCS_URL: "docs/rules" })).toThrow(/^\[mapguard\] MAPGUARD_DOCS_URL must be an http\(s\) URL/);
    expect(() => docsBaseUrl({ MAPGUARD_DOCS_URL: "ftp://example.com/rules" })).toThrow(/MAPGUARD_DOCS_URL/);
  });

  it("is what the bot's replies link to", () => {
    const before = process.env.MAPGUARD_DOCS_URL;
    process.env.MAPGUARD_DOCS_URL = "https://docs.internal.example/mapguard/rules";
    try {
      expect(explainText("nil-map-write")).toContain("https://docs.internal.example/mapguard/rules/nil-map-write.md");
    } finally {
      if (before === undefined) delete process.env.MAPGUARD_DOCS_URL;
      else process.env.MAPGUARD_DOCS_URL = before;
    }
  });
});
