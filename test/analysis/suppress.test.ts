import { describe, expect, it } from "vitest";
import { analyze } from "./helpers.js";

const withLine = (directive: string, where: "above" | "trailing" = "above") =>
  where === "above"
    ? `package p\n\nfunc f() {\n\tvar m map[string]int\n\t${directive}\n\tm["a"] = 1\n}\n`
    : `package p\n\nfunc f() {\n\tvar m map[string]int\n\tm["a"] = 1 ${directive}\n}\n`;

describe("suppressions", () => {
  it("silence the named rule on the line below, with a reason", async () => {
    const result = await analyze(withLine("//mapguard:ignore nil-map-write the caller recovers and logs"));
    expect(result.findings).toEqual([]);
    expect(result.suppressed.map((f) => [f.ruleId, f.location.startLine])).toEqual([["nil-map-write", 6]]);
  });

  it("silence a trailing directive on the flagged line, and lists of rule ids", async () => {
    const result = await analyze(withLine("//mapguard:ignore other-rule,nil-map-write kept for the demo", "trailing"));
    expect(result.suppressed).toHaveLength(1);
    // other-rule is not a mapguard rule: that is worth saying.
    expect(result.findings.map((f) => [f.ruleId, f.messageId, f.severity])).toEqual([["suppression", "unknownRule", "notice"]]);
  });

  it("report a directive without a reason as a notice (it still silences)", async () => {
    const result = await analyze(withLine("//mapguard:ignore nil-map-write"));
    expect(result.suppressed).toHaveLength(1);
    expect(result.findings).toHaveLength(1);
    expect(result.findings[0]).toMatchObject({ ruleId: "suppression", severity: "notice", messageId: "missingReason", location: { startLine: 5, startColumn: 2 } });
    expect(result.findings[0].message).toMatch(/gives no reason/);
  });

  it("report a directive that matches nothing", async () => {
    const text = 'package p\n\nfunc f() {\n\tm := map[string]int{}\n\t//mapguard:ignore nil-map-write made above\n\tm["a"] = 1\n}\n';
    const result = await analyze(text);
    expect(result.findings.map((f) => [f.ruleId, f.messageId, f.location.startLine])).toEqual([["suppression", "unused", 5]]);
    expect(result.findings[0].message).toContain("matches no `nil-map-write` finding");
  });

  it("do not call a directive unused when its rule is turned off", async () => {
    const result = await analyze(withLine("//mapguard:ignore nil-map-write reason"), { ruleSeverities: { "nil-map-write": "off" } });
    expect(result.findings).toEqual([]);
  });

  it("report a directive naming no rule", async () => {
    const result = await analyze(withLine("//mapguard:ignore"));
    // Naming no rule silences nothing.
    expect(result.findings.map((f) => [f.ruleId, f.messageId])).toEqual([
      ["suppression", "noRule"],
      ["nil-map-write", "local"],
    ]);
  });

  it("ignore the directive inside a string literal", async () => {
    const text = 'package p\n\nfunc f() {\n\tvar m map[string]int\n\tm["a"] = 1; _ = "//mapguard:ignore nil-map-write not a comment"\n}\n';
    const result = await analyze(text);
    expect(result.findings.map((f) => f.ruleId)).toEqual(["nil-map-write"]);
    expect(result.suppressed).toEqual([]);
  });
});
