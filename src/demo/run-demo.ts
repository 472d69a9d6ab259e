// PLACEHOLDER (to be replaced by the GitHub layer): `mapguard demo`.
/** Runs the demo, printing to `out`; resolves to the process exit code. */
export async function runDemo(out: NodeJS.WritableStream = process.stdout): Promise<number> {
  out.write("[mapguard] the demo is not built yet\n");
  return 2;
}
