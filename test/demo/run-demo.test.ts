import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { runDemo } from "../../src/demo/run-demo.js";

describe("mapguard demo", () => {
  it("runs the real app against the local GitHub stand-in and shows a failing check with the make fix", async () => {
    let text = "";
    const out = new Writable({
      write(chunk: Buffer, _encoding, done) {
        text += chunk.toString();
        done();
      },
    });
    const code = await runDemo(out);
    expect(code, text).toBe(0);
    expect(text).toMatch(/Check run "mapguard" on \w+: completed, conclusion failure/);
    expect(text).toContain("greeting/greeting.go:14 [failure]");
    // The review comment spans the declaration and the write, and its one-click
    // suggestion turns the declaration into a `make`.
    expect(text).toContain("Comment on greeting/greeting.go:12-14");
    expect(text).toMatch(/│ ```suggestion\n  │ \tcounts := make\(map\[string\]int\)\n  │ \tfor _, name := range names \{\n  │ \t\tcounts\[name\]\+\+\n  │ ```/);
    expect(text).toContain("<!-- mapguard:v1 fp=");
    // The stand-in answers the review's post with a 500 after storing it: still one review, not two.
    expect(text).toContain("500 POST /repos/octo-demo/greeter/pulls/7/reviews");
    expect(text.match(/Review \(COMMENT\) with/g)).toHaveLength(1);
    expect(text).toContain("posted nothing twice");
    // What the app did, as recorded by the stand-in: authenticated, read, created, reviewed, completed.
    for (const call of ["POST /app/installations/77/access_tokens", "POST /repos/octo-demo/greeter/check-runs", "POST /repos/octo-demo/greeter/pulls/7/reviews", "PATCH /repos/octo-demo/greeter/check-runs/"]) {
      expect(text).toContain(call);
    }
  });
});
