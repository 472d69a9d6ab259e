// The `go` directive of the module a path belongs to: the nearest go.mod at
// or above it. Fixes may use newer standard APIs (maps.Clone) only when the
// module's go version allows them.
import { readFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { goDirective } from "../analysis/source.js";

export async function moduleGoVersion(cwd: string, path: string): Promise<string | undefined> {
  let dir = resolve(cwd, path);
  for (;;) {
    const text = await readFile(join(dir, "go.mod"), "utf8").catch(() => undefined);
    if (text !== undefined) return goDirective(text);
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}
