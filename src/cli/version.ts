// The version printed by --version and written into SARIF: package.json's,
// which sits two levels up both from src/cli/ and from dist/cli/.
import { readFile } from "node:fs/promises";

export async function toolVersion(): Promise<string> {
  const text = await readFile(new URL("../../package.json", import.meta.url), "utf8");
  const version = (JSON.parse(text) as { version?: unknown }).version;
  if (typeof version !== "string") throw new Error("[mapguard] package.json has no version");
  return version;
}
