import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

// CI once hung for its whole 90 minutes after the fuzz report was printed: the
// input fast-check abandoned at the deadline started a fresh worker thread
// that kept the process alive. The run must end on its own, soon after its time.
describe("npm run fuzz", () => {
  it("prints its report and exits when its time is up", () => {
    const out = mkdtempSync(join(tmpdir(), "mapguard-fuzz-"));
    const run = spawnSync(
      process.execPath,
      ["--import", "tsx", "scripts/fuzz/run.ts", "--seconds", "3", "--threads", "2", "--seed", "261607012", "--out", out],
      { encoding: "utf8", timeout: 90_000, killSignal: "SIGKILL" },
    );
    expect(run.signal, "still running after 90 s: killed").toBeNull();
    expect(run.stdout).toMatch(/^fuzz: \d+ inputs in \d+ s on 2 threads/m);
    expect(run.stdout).toMatch(/^failures: 0$/m);
    expect(run.status).toBe(0);
  }, 100_000);
});
