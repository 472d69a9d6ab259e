import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG, parseConfig } from "../src/config.js";

describe("parseConfig", () => {
  it("gives the defaults when there is no file", () => {
    expect(parseConfig(null)).toEqual({ ok: true, config: DEFAULT_CONFIG });
    expect(DEFAULT_CONFIG).toMatchObject({ failOn: "error", onError: "neutral", review: { comments: true, suggestions: true, maxComments: 30 } });
  });

  it("reads every setting", () => {
    const result = parseConfig({
      fail_on: "warning",
      on_error: "failure",
      rules: { suppression: "off", "nil-map-write": "warning" },
      paths: { exclude: ["**/testdata/**"] },
      review: { comments: false, suggestions: false, max_comments: 5 },
      max_file_bytes: 2000,
    });
    expect(result).toEqual({
      ok: true,
      config: {
        failOn: "warning",
        onError: "failure",
        rules: { suppression: "off", "nil-map-write": "warning" },
        paths: { exclude: ["**/testdata/**"] },
        review: { comments: false, suggestions: false, maxComments: 5 },
        maxFileBytes: 2000,
      },
    });
  });

  it("fills unset keys from the defaults", () => {
    const result = parseConfig({ review: { max_comments: 3 } });
    expect(result.ok && result.config.review).toEqual({ comments: true, suggestions: true, maxComments: 3 });
    expect(result.ok && result.config.failOn).toBe("error");
  });

  const bad: Array<[string, unknown, string[]]> = [
    ["a bad fail_on", { fail_on: "sometimes" }, ["fail_on", "error | warning | notice | never"]],
    ["a bad rule setting", { rules: { "nil-map-write": "loud" } }, ["rules.nil-map-write", "error | warning | notice | off"]],
    ["a misspelt rule id", { rules: { "nil-map-writes": "off" } }, ["rules.nil-map-writes", "known: nil-map-write"]],
    ["a misspelt key", { "fail-on": "error" }, ["fail-on", "fail_on, on_error, rules, paths, review, max_file_bytes"]],
    ["a misspelt nested key", { review: { max_comment: 3 } }, ["review.max_comment", "comments, suggestions, max_comments"]],
    ["a string where a list belongs", { paths: { exclude: "vendor" } }, ["paths.exclude", "a list"]],
    ["a fraction of a comment", { review: { max_comments: 2.5 } }, ["review.max_comments", "whole number"]],
    ["a bad on_error", { on_error: "cancelled" }, ["on_error", "neutral | failure | success"]],
    ["not a mapping", ["fail_on"], ["mapping"]],
  ];
  for (const [what, raw, mentions] of bad) {
    it(`rejects ${what}, naming the key and the allowed values`, () => {
      const result = parseConfig(raw);
      expect(result.ok).toBe(false);
      const error = result.ok ? "" : result.error;
      expect(error.startsWith("[mapguard]")).toBe(true);
      for (const m of mentions) expect(error).toContain(m);
    });
  }
});
