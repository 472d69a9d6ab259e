// The root the command line shows paths from and reads .github/mapguard.yml
// in: the git repository holding the analysed path, as GitHub names files.
import { stat } from "node:fs/promises";
import { dirname, join } from "node:path";
import { UsageError } from "./args.js";
import { git } from "./git.js";

/** The nearest directory at or above `absolute` that holds `.git` (a directory, or a file in a worktree); null outside a repository. */
export async function findRepositoryRoot(absolute: string): Promise<string | null> {
  const info = await stat(absolute).catch(() => null);
  let dir = info?.isDirectory() ? absolute : dirname(absolute);
  for (;;) {
    if (await stat(join(dir, ".git")).catch(() => null)) return dir;
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

/** git's own idea of the repository holding `absolute` (for --base); a one-line usage error outside one. */
export async function gitRepositoryRoot(absolute: string, shown: string): Promise<string> {
  const info = await stat(absolute).catch(() => null);
  const dir = info?.isDirectory() ? absolute : dirname(absolute);
  try {
    return (await git(dir, ["rev-parse", "--show-toplevel"])).trim();
  } catch (error) {
    if ((error as Error).message.includes("git is not installed")) throw new UsageError("--base needs git, which is not installed; install git or drop --base");
    throw new UsageError(`--base needs a git repository, and ${shown} is not inside one; run it on a checkout (mapguard analyze <path-in-checkout> --base <rev>) or drop --base`);
  }
}
