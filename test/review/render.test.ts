import { describe, expect, it } from "vitest";
import type { Finding } from "../../src/analysis/types.js";
import { parsePatch } from "../../src/review/diff.js";
import type { ReviewedFinding } from "../../src/review/filter.js";
import { reviewFindings } from "../../src/review/filter.js";
import type { RenderContext } from "../../src/review/render.js";
import { markerFor, parseMarker, renderComment } from "../../src/review/render.js";
import { finding, loc } from "./helpers.js";

const PATH = "pkg/store.go";
// New side: lines 3..8 shown, 4 and 5 added.
const PATCH = parsePatch(
  PATH,
  '@@ -3,6 +3,7 @@\n func load() map[string]int {\n-\tm := make(map[string]int)\n+\tvar m map[string]int\n+\tvar n int\n \tm["a"] = 1\n \treturn m\n }',
);
const HEAD = 'package pkg\n\nfunc load() map[string]int {\n\tvar m map[string]int\n\tvar n int\n\tm["a"] = 1\n\treturn m\n}\n';
const ctx: RenderContext = {
  owner: "acme",
  repo: "shop",
  headSha: "0123abc",
  docsBaseUrl: "https://docs.example/rules",
  suggestions: true,
  headTexts: new Map([[PATH, HEAD]]),
};
const declFix = { description: "Declare `m` with `make`.", edits: [{ path: PATH, startLine: 4, endLine: 4, replacement: "\tm := make(map[string]int)" }] };

function review(f: Finding, patch = PATCH): ReviewedFinding {
  return reviewFindings({ head: [f], base: [], patches: new Map([[patch.path, patch]]) }).reviewed[0];
}

describe("renderComment", () => {
  it("spans the declaration and the write so the fix is a one-click suggestion that keeps the lines between", () => {
    const f = finding({
      location: loc(PATH, 6),
      fingerprint: "abc123",
      related: [{ location: loc(PATH, 4), message: "`m` is declared here without `make`." }],
      fix: declFix,
    });
    expect(renderComment(review(f), PATCH, ctx)).toEqual({
      path: PATH,
      line: 6,
      start_line: 4,
      side: "RIGHT",
      start_side: "RIGHT",
      fingerprint: "abc123",
      body: [
        "Write to nil map `m` panics: assignment to entry in nil map.",
        "",
        "- [pkg/store.go:4](https://github.com/acme/shop/blob/0123abc/pkg/store.go#L4): `m` is declared here without `make`.",
        "",
        "**Suggested fix:** Declare `m` with `make`.",
        "",
        "```suggestion",
        "\tm := make(map[string]int)",
        "\tvar n int",
        '\tm["a"] = 1',
        "```",
        "",
        "Rule: [nil-map-write](https://docs.example/rules/nil-map-write.md)",
        "",
        "<!-- mapguard:v1 fp=abc123 -->",
      ].join("\n"),
    });
  });

  it("shows a fix far from the comment as a diff block with the old text", () => {
    // 20 added lines between the declaration and the write: too long a range to span.
    const filler = Array.from({ length: 20 }, (_, i) => `\t_ = ${i}`);
    const head = ["package pkg", "", "func load() map[string]int {", "\tvar m map[string]int", ...filler, '\tm["a"] = 1', "\treturn m", "}", ""].join("\n");
    const patch = parsePatch(PATH, `@@ -3,4 +3,24 @@\n func load() map[string]int {\n \tvar m map[string]int\n${filler.map((l) => `+${l}`).join("\n")}\n \tm["a"] = 1\n \treturn m\n }`);
    const f = finding({
      location: loc(PATH, 25),
      fingerprint: "far",
      related: [{ location: loc(PATH, 4), message: "`m` is declared here without `make`." }],
      fix: declFix,
    });
    const comment = renderComment(review(f, patch), patch, { ...ctx, headTexts: new Map([[PATH, head]]) });
    expect(comment.line).toBe(25);
    expect(comment.start_line).toBeUndefined();
    expect(comment.body).toContain(["```diff", "@@ pkg/store.go:4 @@", "-\tvar m map[string]int", "+\tm := make(map[string]int)", "```"].join("\n"));
    expect(comment.body).not.toContain("```suggestion");
  });

  it("offers a suggestion when the fix replaces exactly the commented line, inside a hunk", () => {
    const f = finding({ location: loc(PATH, 4), fingerprint: "fp4", fix: declFix });
    expect(renderComment(review(f), PATCH, ctx).body).toBe(
      [
        "Write to nil map `m` panics: assignment to entry in nil map.",
        "",
        "**Suggested fix:** Declare `m` with `make`.",
        "",
        "```suggestion",
        "\tm := make(map[string]int)",
        "```",
        "",
        "Rule: [nil-map-write](https://docs.example/rules/nil-map-write.md)",
        "",
        "<!-- mapguard:v1 fp=fp4 -->",
      ].join("\n"),
    );
  });

  it("falls back to a diff block when suggestions are turned off", () => {
    const f = finding({ location: loc(PATH, 4), fingerprint: "fp4", fix: declFix });
    const body = renderComment(review(f), PATCH, { ...ctx, suggestions: false }).body;
    expect(body).not.toContain("```suggestion");
    expect(body).toContain("```diff\n@@ pkg/store.go:4 @@\n-\tvar m map[string]int\n+\tm := make(map[string]int)\n```");
  });

  it("covers a multi-line fix with start_line and suggests all its lines", () => {
    const f = finding({
      location: loc(PATH, 4, 5),
      fingerprint: "fp45",
      fix: {
        description: "Create both.",
        edits: [
          { path: PATH, startLine: 5, endLine: 5, replacement: "\tn := 0" },
          { path: PATH, startLine: 4, endLine: 4, replacement: "\tm := make(map[string]int)" },
        ],
      },
    });
    const comment = renderComment(review(f), PATCH, ctx);
    expect(comment).toMatchObject({ line: 5, start_line: 4, side: "RIGHT", start_side: "RIGHT" });
    expect(comment.body).toContain("```suggestion\n\tm := make(map[string]int)\n\tn := 0\n```");
  });

  it("suggests an empty block, which deletes the lines, for a fix that removes them", () => {
    const f = finding({ location: loc(PATH, 5), fix: { description: "Drop `n`.", edits: [{ path: PATH, startLine: 5, endLine: 5, replacement: "" }] } });
    const body = renderComment(review(f), PATCH, ctx).body;
    expect(body).toContain("**Suggested fix:** Drop `n`.\n\n```suggestion\n```\n");
    expect(renderComment(review(f), PATCH, { ...ctx, suggestions: false }).body).toContain("```diff\n@@ pkg/store.go:5 @@\n-\tvar n int\n```");
  });

  it("omits start_line for a single-line comment", () => {
    const comment = renderComment(review(finding({ location: loc(PATH, 6) })), PATCH, ctx);
    expect(comment).not.toHaveProperty("start_line");
    expect(comment).not.toHaveProperty("start_side");
  });

  it("says which line the change made unsafe when the comment sits elsewhere, and uses the fix's lines for a suggestion", () => {
    const f = finding({ location: loc(PATH, 20), fingerprint: "fp20", fix: declFix });
    const comment = renderComment(review(f), PATCH, { ...ctx, webBaseUrl: "https://ghe.example.com/" });
    expect(comment.line).toBe(4);
    expect(comment.body).toBe(
      [
        "This change made [line 20](https://ghe.example.com/acme/shop/blob/0123abc/pkg/store.go#L20) unsafe.",
        "",
        "Write to nil map `m` panics: assignment to entry in nil map.",
        "",
        "**Suggested fix:** Declare `m` with `make`.",
        "",
        "```suggestion",
        "\tm := make(map[string]int)",
        "```",
        "",
        "Rule: [nil-map-write](https://docs.example/rules/nil-map-write.md)",
        "",
        "<!-- mapguard:v1 fp=fp20 -->",
      ].join("\n"),
    );
  });

  it("never drops a fix that spans two ranges: a diff block shows both, + lines only when the old text is unknown", () => {
    const f = finding({
      location: loc(PATH, 6),
      fix: {
        description: "Two places.",
        edits: [
          { path: PATH, startLine: 4, endLine: 4, replacement: "\tm := make(map[string]int)" },
          { path: PATH, startLine: 7, endLine: 7, replacement: "\treturn m // ok" },
        ],
      },
    });
    const body = renderComment(review(f), PATCH, { ...ctx, headTexts: undefined }).body;
    expect(body).toContain("```diff\n@@ pkg/store.go:4 @@\n+\tm := make(map[string]int)\n@@ pkg/store.go:7 @@\n+\treturn m // ok\n```");
  });

  it("lengthens the fence when the suggested code holds backticks", () => {
    const f = finding({
      location: loc(PATH, 4),
      fix: { description: "Tag it.", edits: [{ path: PATH, startLine: 4, endLine: 4, replacement: "\tm := map[string]int{} // ```x```" }] },
    });
    expect(renderComment(review(f), PATCH, ctx).body).toContain("````suggestion\n\tm := map[string]int{} // ```x```\n````");
  });

  it("escapes Markdown in file names and in prose outside code spans, and encodes the permalink", () => {
    const path = "pkg/a_[b]*.go";
    const patch = parsePatch(path, "@@ -1 +1 @@\n-a\n+b");
    const f = finding({
      location: loc(path, 1),
      message: "Map `m_x` is written *here* <b>",
      related: [{ location: loc(path, 1), message: "declared __here__" }],
    });
    const body = renderComment(review(f, patch), patch, ctx).body;
    expect(body).toContain("Map `m_x` is written \\*here\\* \\<b\\>");
    expect(body).toContain("- [pkg/a\\_\\[b\\]\\*.go:1](https://github.com/acme/shop/blob/0123abc/pkg/a_%5Bb%5D*.go#L1): declared \\_\\_here\\_\\_");
  });

  it("refuses a finding that has no line in the diff", () => {
    const unanchored: ReviewedFinding = { finding: finding({ location: loc(PATH, 6) }), cause: "new", introduced: true, anchor: null };
    expect(() => renderComment(unanchored, PATCH, ctx)).toThrow(/^\[mapguard\]/);
  });
});

describe("markers", () => {
  it("round-trips a fingerprint through the hidden marker", () => {
    expect(parseMarker(`some text\n\n${markerFor("a1B2_c-3")}`)).toBe("a1B2_c-3");
    expect(parseMarker("a comment by a person")).toBeNull();
  });
});
