// Golden tests of lowering: every test/analysis/lower/golden/<name>.go is
// lowered as one package and printed; the text must equal <name>.ir beside
// it. After an intended change of lowering or of the printer, regenerate
// them with
//
//   UPDATE_GOLDEN=1 npx vitest run test/analysis/lower/golden.test.ts
//
// and read the diff of the .ir files before committing it.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { lowerAndPrint } from "./lower-helpers.js";

const dir = join(fileURLToPath(new URL(".", import.meta.url)), "golden");
const update = process.env.UPDATE_GOLDEN === "1";
const cases = readdirSync(dir)
  .filter((f) => f.endsWith(".go"))
  .map((f) => f.slice(0, -3))
  .sort();

describe("lowering golden files", () => {
  it("has golden files", () => {
    expect(cases.length).toBeGreaterThan(0);
  });
  for (const name of cases) {
    it(name, async () => {
      const text = readFileSync(join(dir, `${name}.go`), "utf8");
      const printed = await lowerAndPrint([{ path: `golden/${name}.go`, text }]);
      const goldenPath = join(dir, `${name}.ir`);
      if (update) {
        writeFileSync(goldenPath, printed);
        return;
      }
      let golden: string;
      try {
        golden = readFileSync(goldenPath, "utf8");
      } catch {
        throw new Error(`[mapguard] no ${name}.ir: run with UPDATE_GOLDEN=1 to create it`);
      }
      expect(printed).toBe(golden);
    });
  }
});
