// `mapguard ir`: prints the IR of the packages holding the given files or
// directories, for people debugging a finding. A file is shown with the other
// files of its package: names, types and calls are resolved package-wide.
import { stat } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { describeIr } from "../analysis/describe-ir.js";
import type { SourceFile } from "../analysis/types.js";
import type { IrRequest } from "./args.js";
import { UsageError } from "./args.js";
import type { CliIO } from "./analyze-command.js";
import { EXIT_ERROR, EXIT_OK } from "./analyze-command.js";
import { collectPackage } from "./collect-files.js";

export async function irCommand(request: IrRequest, io: CliIO): Promise<number> {
  const files = new Map<string, SourceFile>();
  for (const arg of request.paths) {
    const absolute = resolve(io.cwd, arg);
    const info = await stat(absolute).catch(() => null);
    if (!info) throw new UsageError(`no such file or directory: ${arg}`);
    const dir = info.isDirectory() ? absolute : dirname(absolute);
    const collected = await collectPackage(io.cwd, dir);
    for (const s of collected.skipped) io.stderr.write(`[mapguard] skipped ${s.path}: ${s.reason}\n`);
    for (const f of collected.files) files.set(f.path, f);
  }
  if (files.size === 0) {
    io.stderr.write(`[mapguard] no Go files in ${request.paths.join(", ")}; ir prints one package (a directory), not a tree\n`);
    return EXIT_ERROR;
  }
  const text = await describeIr([...files.values()], request.func === undefined ? {} : { func: request.func });
  if (text.output === "") {
    io.stderr.write(`[mapguard] no function matches --func ${request.func ?? ""}\n`);
    return EXIT_ERROR;
  }
  io.stdout.write(text.output);
  for (const note of text.notes) io.stderr.write(`[mapguard] ${note}\n`);
  return EXIT_OK;
}
