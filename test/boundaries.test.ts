// The one rule of the layout (README, "Development"): analysis and review are pure.
// They must not reach GitHub, the file system or the environment.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const root = new URL("..", import.meta.url).pathname;

function sourcesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourcesUnder(path);
    return /\.(ts|mts|js|mjs)$/.test(name) ? [path] : [];
  });
}

const FORBIDDEN: { what: string; pattern: RegExp }[] = [
  { what: "probot", pattern: /from\s+["']probot(\/[^"']*)?["']|import\(\s*["']probot/ },
  { what: "octokit", pattern: /from\s+["']@octokit\/[^"']+["']|import\(\s*["']@octokit/ },
  { what: "fs", pattern: /from\s+["'](node:)?fs(\/promises)?["']|import\(\s*["'](node:)?fs|require\(\s*["'](node:)?fs/ },
  { what: "process.env", pattern: /process\s*\.\s*env|process\s*\[\s*["']env["']\s*\]/ },
];

export function violations(text: string): string[] {
  return FORBIDDEN.filter(({ pattern }) => pattern.test(text)).map(({ what }) => what);
}

describe("layer boundaries", () => {
  it("recognises each forbidden dependency (so the check below can fail)", () => {
    expect(violations('import { Probot } from "probot";')).toEqual(["probot"]);
    expect(violations('import type { Octokit } from "@octokit/rest";')).toEqual(["octokit"]);
    expect(violations('import { readFileSync } from "node:fs";')).toEqual(["fs"]);
    expect(violations('import { readFile } from "fs/promises";')).toEqual(["fs"]);
    expect(violations("const token = process.env.TOKEN;")).toEqual(["process.env"]);
    expect(violations('import { createHash } from "node:crypto";')).toEqual([]);
  });

  for (const layer of ["src/analysis", "src/review"]) {
    it(`${layer} imports no probot, octokit, fs or process.env`, () => {
      const files = sourcesUnder(join(root, layer));
      expect(files.length).toBeGreaterThan(0);
      const found = files.flatMap((file) =>
        violations(readFileSync(file, "utf8")).map((what) => `${relative(root, file)} uses ${what}`),
      );
      expect(found).toEqual([]);
    });
  }
});
