// README says what the repository does: the app's permissions as app.yml asks
// for them, a workflow that uses the Action's real inputs, how to install the
// command line, where rule links point; and no comment sends a reader to a
// design document the repository does not have.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const readme = readFileSync(join(ROOT, "README.md"), "utf8");

function section(heading: string): string {
  const start = readme.indexOf(`\n${heading}\n`);
  expect(start, heading).toBeGreaterThan(0);
  const next = readme.indexOf("\n## ", start + heading.length + 2);
  return readme.slice(start, next < 0 ? undefined : next);
}

describe("README", () => {
  it("lists every permission app.yml asks for, with its access", () => {
    const app = parse(readFileSync(join(ROOT, "app.yml"), "utf8")) as { default_permissions: Record<string, string>; default_events: string[] };
    const install = section("## Installing it on GitHub");
    const rows = [...install.matchAll(/^ *\| ([A-Z][a-z ]+) \| (read|write) \|/gm)].map((m) => [m[1].toLowerCase().replace(/ /g, "_"), m[2]]);
    expect(Object.fromEntries(rows)).toEqual(app.default_permissions);
    for (const event of app.default_events) expect(install).toContain(`\`${event}\``);
  });

  it("shows a workflow for the Action that uses only the inputs action.yml declares", () => {
    const action = parse(readFileSync(join(ROOT, "action.yml"), "utf8")) as { inputs: Record<string, unknown> };
    const block = /```yaml\n([\s\S]*?)```/.exec(section("## GitHub Action"))?.[1] ?? "";
    const workflow = parse(block) as {
      on: { pull_request: unknown };
      permissions: Record<string, string>;
      jobs: Record<string, { steps: { uses?: string; with?: Record<string, unknown> }[] }>;
    };
    expect(workflow.on.pull_request).toBeDefined();
    expect(workflow.permissions).toMatchObject({ checks: "write", "pull-requests": "write", contents: "read" });
    const step = Object.values(workflow.jobs)[0].steps.find((s) => s.uses?.startsWith("mapguard/mapguard@"));
    expect(step).toBeDefined();
    for (const input of Object.keys(step?.with ?? {})) expect(Object.keys(action.inputs)).toContain(input);
  });

  it("says how to install the command line outside the checkout, and how to point rule links elsewhere", () => {
    const cli = section("## Command line");
    expect(cli).toContain("npm pack");
    expect(cli).toContain("npm install -g ./mapguard-*.tgz");
    expect(readme).toContain("`MAPGUARD_DOCS_URL`");
  });
});

describe("comments", () => {
  function files(dir: string): string[] {
    return readdirSync(join(ROOT, dir)).flatMap((name) => {
      const path = `${dir}/${name}`;
      return statSync(join(ROOT, path)).isDirectory() ? files(path) : /\.(ts|mjs|js)$/.test(name) ? [path] : [];
    });
  }

  it("point to no ARCHITECTURE.md, which the repository does not have", () => {
    const stale = ["src", "test", "bench", "scripts", "bin"]
      .flatMap(files)
      .filter((path) => path !== "test/readme.test.ts")
      .filter((path) => readFileSync(join(ROOT, path), "utf8").includes("ARCHITECTURE.md"));
    expect(stale).toEqual([]);
  });
});
