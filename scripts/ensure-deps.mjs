// Runs before `npm run demo`: on a fresh clone, install the dependencies first
// so the demo is one command.
import { existsSync } from "node:fs";
import { execSync } from "node:child_process";

if (!existsSync(new URL("../node_modules/probot/package.json", import.meta.url))) {
  console.log("[mapguard] installing dependencies (npm ci) before the demo ...");
  execSync("npm ci --no-audit --no-fund", { stdio: "inherit", cwd: new URL("..", import.meta.url) });
}
