// The real-bug corpus against the real Go toolchain: every `bug/` program
// really races under `go run -race` (or really panics with "assignment to
// entry in nil map"), and every fixed twin runs clean under -race. Needs
// `go` on PATH; skips with a printed reason otherwise.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { goBuild, hasGo, reportsRace, runProgram, vetModule } from "../support/go-toolchain.js";
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
  // Programs are built once each (outside the checked-in tree) and run as often as a race needs.
  let bin: string;
  let vetAll: ReturnType<typeof vetModule> | undefined;
  beforeAll(async () => {
    bin = await mkdtemp(join(tmpdir(), "mapguard-realbugs-"));
  });
  afterAll(async () => {
    await rm(bin, { recursive: true, force: true });
  });

  it.concurrent.each(bugs.map((b) => [`${b.family}/${b.slug}`, b] as const))(
    "%s: the bug happens, the fixed twin runs clean",
    async (_, bug) => {
      // One go vet ./... over the corpus module (mapguard.test/realbugs), shared by every bug.
      vetAll ??= vetModule(REALBUGS_DIR);
      const vet = await vetAll;
      const prefix = `mapguard.test/realbugs${pkg(bug.dir).slice(1)}/`;
      const said = [...vet.byPackage].filter(([path]) => path.startsWith(prefix)).map(([path, text]) => `# ${path}\n${text}`);
      expect(said, `go vet ${bug.dir}/...`).toEqual([]);
      expect(vet.code !== 0 && vet.byPackage.size === 0 ? vet.stray : "", "go vet ./... in fixtures/realbugs").toBe("");
      const name = `${bug.family}-${bug.slug}`;
      const [buggy, fixed] = await Promise.all([
        goBuild(REALBUGS_DIR, `${pkg(bug.dir)}/bug`, join(bin, `${name}-bug`), { race: bug.family === "races" }),
        goBuild(REALBUGS_DIR, `${pkg(bug.dir)}/fixed`, join(bin, `${name}-fixed`), { race: true }),
      ]);
      expect(buggy.code, `go build ${bug.dir}/bug\n${buggy.stderr}`).toBe(0);
      expect(fixed.code, `go build ${bug.dir}/fixed\n${fixed.stderr}`).toBe(0);
      if (bug.family === "races") {
        let raced = false;
        let stderr = "";
        for (let i = 0; i < RACE_ATTEMPTS && !raced; i++) {
          const run = await runProgram(buggy.binary, REALBUGS_DIR);
          raced = reportsRace(run.stderr);
          stderr = run.stderr;
        }
        expect(raced, `${bug.dir}/bug should race under the race detector\n${stderr}`).toBe(true);
      } else {
        const run = await runProgram(buggy.binary, REALBUGS_DIR);
        expect(run.code, `${bug.dir}/bug should exit non-zero`).not.toBe(0);
        expect(run.stderr, `${bug.dir}/bug should panic`).toContain(NIL_PANIC);
      }
      const twin = await runProgram(fixed.binary, REALBUGS_DIR);
      expect(twin.code, `${bug.dir}/fixed should exit 0\n${twin.stderr}`).toBe(0);
      expect(reportsRace(twin.stderr), `${bug.dir}/fixed should not race\n${twin.stderr}`).toBe(false);
    },
    GO_TIMEOUT,
  );
});
