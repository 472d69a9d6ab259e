// .github/mapguard.yml for the command line: the analysed repository's file
// (or --config's), parsed by the same YAML parser the GitHub App's config
// reader uses and checked by the same schema, so both report the same errors.
import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { parse } from "yaml";
import { CONFIG_FILE, DEFAULT_CONFIG, parseConfig } from "../config.js";
import type { MapguardConfig } from "../config.js";
import { UsageError } from "./args.js";

export interface CliConfigSource {
  /** --config <file>, relative to the working directory. */
  configFile?: string;
  /** --no-config. */
  noConfig?: boolean;
}

export interface LoadedConfig {
  config: MapguardConfig;
  /** The file read, for messages; undefined when the defaults apply. */
  file?: string;
}

/** The config to apply; a broken or unreadable file is a one-line error (exit 2), never silently ignored. */
export async function loadCliConfig(source: CliConfigSource, root: string, cwd: string): Promise<LoadedConfig> {
  if (source.noConfig) return { config: DEFAULT_CONFIG };
  const explicit = source.configFile !== undefined;
  const file = explicit ? resolve(cwd, source.configFile as string) : join(root, ".github", CONFIG_FILE);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (!explicit && code === "ENOENT") return { config: DEFAULT_CONFIG };
    if (explicit && code === "ENOENT") throw new UsageError(`--config: no such file: ${source.configFile as string}; give the path of a mapguard.yml, or drop --config`);
    throw new Error(`[mapguard] could not read ${file}: ${(error as Error).message}`);
  }
  let raw: unknown;
  try {
    // Probot's config plugin: yaml.parse(data, { logLevel: "error" }) || {}.
    raw = parse(text, { logLevel: "error" }) ?? {};
  } catch (error) {
    throw new Error(`[mapguard] could not read ${shown(file, explicit, source)}: ${(error as Error).message.split("\n")[0]}`);
  }
  const result = parseConfig(raw);
  if (!result.ok) {
    const where = shown(file, explicit, source);
    // The schema's messages name .github/mapguard.yml; with --config the file is another one.
    const message = explicit ? result.error.replace(`.github/${CONFIG_FILE}`, where) : result.error;
    throw new Error(`${message} (or run with --no-config)`);
  }
  return { config: result.config, file };
}

function shown(file: string, explicit: boolean, source: CliConfigSource): string {
  return explicit ? (source.configFile as string) : `.github/${CONFIG_FILE}`;
}
