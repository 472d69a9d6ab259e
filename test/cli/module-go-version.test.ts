import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { moduleGoVersion } from "../../src/cli/module-go-version.js";

describe("moduleGoVersion", () => {
  let dir = "";
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("reads the go directive of the nearest go.mod at or above the path", async () => {
    dir = mkdtempSync(join(tmpdir(), "mapguard-gomod-"));
    mkdirSync(join(dir, "svc", "api"), { recursive: true });
    mkdirSync(join(dir, "tools"), { recursive: true });
    writeFileSync(join(dir, "go.mod"), "module example.com/root\n\ngo 1.19\n");
    writeFileSync(join(dir, "svc", "go.mod"), "module example.com/svc\n\ngo 1.22\n");
    expect(await moduleGoVersion(dir, "svc/api")).toBe("1.22");
    expect(await moduleGoVersion(join(dir, "svc"), ".")).toBe("1.22");
    expect(await moduleGoVersion(dir, "tools")).toBe("1.19");
  });
});
