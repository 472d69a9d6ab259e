// `mapguard analyze`, `mapguard ir` and `mapguard demo`. bin/mapguard.js calls main() and
// sets the exit status; `tsx src/cli.ts ...` runs it directly.
import { pathToFileURL } from "node:url";
import { ANALYZE_HELP, IR_HELP, MAIN_HELP, parseCommandLine } from "./cli/args.js";
import type { CliIO } from "./cli/analyze-command.js";
import { analyzeCommand, EXIT_ERROR, EXIT_OK } from "./cli/analyze-command.js";
import { irCommand } from "./cli/ir-command.js";
import { toolVersion } from "./cli/version.js";

export type { CliIO } from "./cli/analyze-command.js";

/** Runs one command line (without `node` and the script); resolves to the exit status. */
export async function main(argv: readonly string[], io: CliIO = { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd() }): Promise<number> {
  try {
    const request = parseCommandLine(argv);
    switch (request.command) {
      case "help":
        io.stdout.write(request.topic === "analyze" ? ANALYZE_HELP : request.topic === "ir" ? IR_HELP : MAIN_HELP);
        return EXIT_OK;
      case "version":
        io.stdout.write(`mapguard ${await toolVersion()}\n`);
        return EXIT_OK;
      case "demo": {
        // Loaded only here: the demo brings the GitHub side with it.
        const { runDemo } = await import("./demo/run-demo.js");
        return await runDemo();
      }
      case "analyze":
        return await analyzeCommand(request, io, await toolVersion());
      case "ir":
        return await irCommand(request, io);
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // One line: the message says what went wrong and what to do instead.
    const line = message.split("\n")[0];
    io.stderr.write(`${line.startsWith("[mapguard]") ? line : `[mapguard] ${line}`}\n`);
    return EXIT_ERROR;
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2));
}
