#!/usr/bin/env node
// The `mapguard` command. In a checkout (src/ is present, tsx is installed)
// it runs the TypeScript sources, so a stale build never answers for them;
// an installed package ships only the compiled dist/ and needs no tsx.
import { existsSync } from "node:fs";

const sources = new URL("../src/cli.ts", import.meta.url);
const compiled = new URL("../dist/cli.js", import.meta.url);

async function load() {
  if (existsSync(sources)) {
    try {
      const { register } = await import("tsx/esm/api");
      register();
      return await import(sources.href);
    } catch (error) {
      // Only a missing tsx (a checkout installed without dev dependencies) falls back to the build.
      if (error?.code !== "ERR_MODULE_NOT_FOUND" || !String(error.message).includes("tsx") || !existsSync(compiled)) throw error;
    }
  }
  return import(compiled.href);
}

const cli = await load();
// exitCode, not exit(): lets stdout drain when it is a pipe.
process.exitCode = await cli.main(process.argv.slice(2));
