// `mapguard ir`: the IR of a package with its call-graph edges, as a person
// debugging a finding runs it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, tempTree } from "./run-cli.js";

const CACHE = `package cache

import "sync"

type Cache struct {
	mu    sync.Mutex
	items map[string]int
}

func (c *Cache) Put(k string, v int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.put(k, v)
}

func (c *Cache) put(k string, v int) {
	c.items[k] = v
}
`;

const WORKER = `package cache

func Run(c *Cache, keys []string) {
	for _, k := range keys {
		go func(k string) {
			c.put(k, 1)
		}(k)
	}
}
`;

describe("mapguard ir", () => {
  let tree: ReturnType<typeof tempTree>;
  beforeAll(() => {
    tree = tempTree({ "cache/cache.go": CACHE, "cache/worker.go": WORKER, "empty/README.md": "no Go here" });
  });
  afterAll(() => tree.remove());

  it("prints every function of the package a file belongs to, with its blocks and call edges", async () => {
    const run = await runCli(["ir", "cache/cache.go"], tree.dir);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("package cache");
    // The sibling file's functions come along: calls resolve package-wide.
    expect(run.stdout).toMatch(/func Run\$1 +\/\/ worker\.go:5/);
    expect(run.stdout).toMatch(/lock c\.mu write +\/\/ 11:2/);
    expect(run.stdout).toMatch(/access write c\.items/);
    // The goroutine's call resolves to the method in the other file, and the method knows its callers.
    expect(run.stdout).toMatch(/func Run\$1[\s\S]*calls:\n\s+b0\.0 call -> \(\*Cache\)\.put {2}\[method\]/);
    expect(run.stdout).toMatch(/called by: \(\*Cache\)\.Put b0\.\d \(call\), Run\$1 b0\.0 \(call\)/);
    expect(run.stdout).toMatch(/go Run\$1\(k\)/);
  });

  it("--func keeps only the matching functions", async () => {
    const run = await runCli(["ir", "cache", "--func", "(*Cache).put"], tree.dir);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("func (*Cache).put");
    expect(run.stdout).not.toContain("func (*Cache).Put");
    expect(run.stdout).not.toContain("func Run");
  });

  it("says so when no function matches, or there is no Go file, or no path was given", async () => {
    const none = await runCli(["ir", "cache", "--func", "Nope"], tree.dir);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("[mapguard] no function matches --func Nope");
    const empty = await runCli(["ir", "empty"], tree.dir);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain("[mapguard] no Go files in empty");
    const usage = await runCli(["ir"], tree.dir);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("[mapguard] ir needs a Go file or directory");
  });

  it("has its own help", async () => {
    const run = await runCli(["ir", "--help"], tree.dir);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Usage: mapguard ir <file-or-dir>");
  });
});
