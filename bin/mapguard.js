#!/usr/bin/env node
// The `mapguard` command: the compiled CLI when `npm run build` has made one,
// else the TypeScript sources through tsx (a checkout without a build).
import { existsSync } from "node:fs";

const compiled = new URL("../dist/cli.js", import.meta.url);
let cli;
if (existsSync(compiled)) {
  cli = await import(compiled.href);
} else {
  const { register } = await import("tsx/esm/api");
  register();
  cli = await import(new URL("../src/cli.ts", import.meta.url).href);
}
// exitCode, not exit(): lets stdout drain when it is a pipe.
process.exitCode = await cli.main(process.argv.slice(2));
