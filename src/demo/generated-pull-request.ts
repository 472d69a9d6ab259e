// Pull requests of any size for the latency benchmark: packages of Go files
// that use maps safely, every changed file gaining a function, and one file
// gaining a write to a map declared without `make` (the one finding).
import type { RepositorySnapshot, SamplePullRequest } from "./sample-repository.js";

export interface GeneratedPullRequestOptions {
  /** Changed .go files. */
  changedFiles: number;
  /** Changed files per package directory. */
  filesPerPackage?: number;
  /** Unchanged .go files beside them in each package. */
  siblingsPerPackage?: number;
  /** Varies every file's text (and so every blob SHA), so runs share nothing. */
  salt?: string;
  number?: number;
}

export function generatePullRequest(options: GeneratedPullRequestOptions): SamplePullRequest {
  const perPackage = options.filesPerPackage ?? 10;
  const siblings = options.siblingsPerPackage ?? 5;
  const salt = options.salt ?? "0";
  const base: Record<string, string> = { "go.mod": "module example.com/big\n\ngo 1.22\n" };
  const head: Record<string, string> = { ...base };
  for (let i = 0; i < options.changedFiles; i++) {
    const pkg = `pkg${Math.floor(i / perPackage)}`;
    const path = `internal/${pkg}/file${i}.go`;
    const before = goFile(pkg, `F${i}`, salt);
    base[path] = before;
    head[path] = i === 0 ? `${before}${NIL_WRITE}` : `${before}${addedFunction(i)}`;
    if (i % perPackage === 0) {
      for (let s = 0; s < siblings; s++) {
        const sibling = goFile(pkg, `S${i}x${s}`, salt);
        base[`internal/${pkg}/sibling${s}.go`] = sibling;
        head[`internal/${pkg}/sibling${s}.go`] = sibling;
      }
    }
  }
  const snapshot = (sha: string, files: Record<string, string>): RepositorySnapshot => ({ sha, files });
  const shaFor = (side: string) => `${side}${salt}`.padEnd(40, "0").replace(/[^0-9a-f]/g, "0").slice(0, 40);
  return {
    owner: "octo-bench",
    repo: "big",
    number: options.number ?? 100,
    title: `Touch ${options.changedFiles} files`,
    author: "gopher",
    base: snapshot(shaFor("b"), base),
    head: snapshot(shaFor("e"), head),
  };
}

function goFile(pkg: string, name: string, salt: string): string {
  return `package ${pkg}

import "sync"

// salt ${salt}

// ${name}Cache counts lookups under a lock.
type ${name}Cache struct {
	mu    sync.Mutex
	items map[string]int
}

// New${name}Cache makes the cache with its map.
func New${name}Cache() *${name}Cache {
	return &${name}Cache{items: make(map[string]int)}
}

// Add records one more use of key.
func (c *${name}Cache) Add(key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.items[key]++
}

// Count says how often key was added.
func (c *${name}Cache) Count(key string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.items[key]
}

// ${name}Index maps each name to its position.
func ${name}Index(names []string) map[string]int {
	idx := make(map[string]int, len(names))
	for i, n := range names {
		idx[n] = i
	}
	return idx
}
`;
}

function addedFunction(i: number): string {
  return `
// Sum${i} adds the values of m.
func Sum${i}(m map[string]int) int {
	total := 0
	for _, v := range m {
		total += v
	}
	return total
}
`;
}

const NIL_WRITE = `
// Tally counts each name.
func Tally(names []string) map[string]int {
	var counts map[string]int
	for _, n := range names {
		counts[n]++
	}
	return counts
}
`;
