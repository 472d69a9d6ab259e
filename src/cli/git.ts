// The few git commands `--base` needs, run as child processes.
import { execFile } from "node:child_process";

const MAX_OUTPUT_BYTES = 512 * 1024 * 1024;

export class GitError extends Error {
  constructor(args: readonly string[], detail: string) {
    super(`[mapguard] git ${args.join(" ")} failed: ${detail.trim() || "no message"}`);
    this.name = "GitError";
  }
}

/** Runs git in `cwd`; resolves to its standard output as bytes. */
export function gitBytes(cwd: string, args: readonly string[]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    execFile("git", ["-c", "core.quotePath=false", ...args], { cwd, encoding: "buffer", maxBuffer: MAX_OUTPUT_BYTES }, (error, stdout, stderr) => {
      if (error) {
        const code = (error as NodeJS.ErrnoException).code;
        reject(new GitError(args, code === "ENOENT" ? "git is not installed" : stderr.toString("utf8") || error.message));
      } else resolve(stdout);
    });
  });
}

export async function git(cwd: string, args: readonly string[]): Promise<string> {
  return (await gitBytes(cwd, args)).toString("utf8");
}
