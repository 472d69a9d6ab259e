// The real-bug corpus against the real Go toolchain: every `bug/` program
// really races under `go run -race` (or really panics with "assignment to
// entry in nil map"), and every fixed twin runs clean under -race. Needs
// `go` on PATH; skips with a printed reason otherwise.
import { describe, expect, it } from "vitest";
import { hasGo, RACE_ENV, reportsRace, runGo } from "../support/go-toolchain.js";
import { listRealBugs, REALBUGS_DIR } from "../support/realbugs.js";

const GO_TIMEOUT = 600_000;
/** A race needs the goroutines to overlap, which a loaded machine may not give on the first run. */
const RACE_ATTEMPTS = 3;
const NIL_PANIC = "panic: assignment to entry in nil map";
const bugs = listRealBugs();

if (!hasGo) {
  console.warn("[mapguard] `go` is not on PATH: skipping the real-bug oracle (install the Debian package golang-go to run it)");
}

const pkg = (dir: string) => `./${dir.slice("fixtures/realbugs/".length)}`;

describe.skipIf(!hasGo)("real-bug corpus under the Go toolchain", () => {
  it.concurrent.each(bugs.map((b) => [`${b.family}/${b.slug}`, b] as const))(
    "%s: the bug happens, the fixed twin runs clean",
    async (_, bug) => {
      const vet = await runGo(["vet", `${pkg(bug.dir)}/...`], REALBUGS_DIR);
      expect(vet.code, `go vet ${bug.dir}/...\n${vet.stderr}`).toBe(0);
      if (bug.family === "races") {
        let raced = false;
        let stderr = "";
        for (let i = 0; i < RACE_ATTEMPTS && !raced; i++) {
          const run = await runGo(["run", "-race", `${pkg(bug.dir)}/bug`], REALBUGS_DIR, undefined, RACE_ENV);
          raced = reportsRace(run.stderr);
          stderr = run.stderr;
        }
        expect(raced, `${bug.dir}/bug should race under go run -race\n${stderr}`).toBe(true);
      } else {
        const run = await runGo(["run", `${pkg(bug.dir)}/bug`], REALBUGS_DIR);
        expect(run.code, `${bug.dir}/bug should exit non-zero`).not.toBe(0);
        expect(run.stderr, `${bug.dir}/bug should panic`).toContain(NIL_PANIC);
      }
      const twin = await runGo(["run", "-race", `${pkg(bug.dir)}/fixed`], REALBUGS_DIR, undefined, RACE_ENV);
      expect(twin.code, `${bug.dir}/fixed should exit 0\n${twin.stderr}`).toBe(0);
      expect(reportsRace(twin.stderr), `${bug.dir}/fixed should not race\n${twin.stderr}`).toBe(false);
    },
    GO_TIMEOUT,
  );
});
