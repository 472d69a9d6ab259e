import { afterAll, describe, expect, it } from "vitest";
import { isMainThread, threadId } from "node:worker_threads";
import { createAnalysisPool } from "../../src/engine/pool.js";

describe("analysis pool", () => {
  const pool = createAnalysisPool({ threads: 2 });
  afterAll(() => pool.close());

  it("analyses files in a worker thread and returns plain data", async () => {
    expect(isMainThread).toBe(true);
    const result = await pool.analyze([{ path: "a/a.go", text: "package a\n" }]);
    expect(result.analyzed).toEqual(["a/a.go"]);
    expect(threadId).toBe(0);
  });

  it("runs several analyses concurrently", async () => {
    const results = await Promise.all(
      [1, 2, 3, 4].map((i) => pool.analyze([{ path: `p${i}/x.go`, text: `package p${i}\n` }])),
    );
    expect(results.map((r) => r.analyzed[0])).toEqual(["p1/x.go", "p2/x.go", "p3/x.go", "p4/x.go"]);
  });
});
