// The production entry (`node dist/server.js`): Probot's own HTTP server with
// the mapguard app, configured from the environment, refusing to start in
// production without a webhook secret (Probot would fall back to "development").
import { readFileSync } from "node:fs";
import { createServer as createNetServer } from "node:net";
import { pathToFileURL } from "node:url";
import { pino } from "pino";
import type { Logger } from "pino";
import { Probot, ProbotOctokit, Server } from "probot";
import { timedFetch } from "./github/timed-fetch.js";
import type { AnalysisPool } from "./engine/pool.js";
import { createMapguardApp } from "./index.js";

export type LogLevel = "trace" | "debug" | "info" | "warn" | "error" | "fatal" | "silent";

export interface MapguardServerOptions {
  appId: number | string;
  privateKey: string;
  webhookSecret: string;
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** GitHub's REST API root; GitHub Enterprise: https://<host>/api/v3. */
  baseUrl?: string;
  webhookPath?: string;
  logLevel?: LogLevel;
  log?: Logger;
  /** The Octokit class the app uses (tests disable retries and throttling). */
  Octokit?: typeof ProbotOctokit;
  pool?: AnalysisPool;
  /** How long a request to GitHub may go without an answer (default REQUEST_TIMEOUT_MS). */
  requestTimeoutMs?: number;
}

export interface MapguardServer {
  server: Server;
  /** e.g. http://127.0.0.1:41234 */
  url: string;
  port: number;
  webhookUrl: string;
  /** Stops listening and releases the analysis workers. */
  stop(): Promise<void>;
}

export const DEFAULT_WEBHOOK_PATH = "/api/github/webhooks";

export async function startMapguardServer(options: MapguardServerOptions): Promise<MapguardServer> {
  const log = options.log ?? pino({ name: "mapguard", level: options.logLevel ?? "info" });
  const webhookPath = options.webhookPath ?? DEFAULT_WEBHOOK_PATH;
  // Probot's Server treats port 0 as "unset" (3000), so find a free one first.
  const port = options.port === 0 ? await freePort(options.host) : options.port;
  const server = new Server({
    host: options.host,
    port,
    webhookPath,
    log,
    enableStaticFiles: false,
    Probot: Probot.defaults({
      appId: options.appId,
      privateKey: options.privateKey,
      secret: options.webhookSecret,
      baseUrl: options.baseUrl,
      log,
      request: { fetch: timedFetch(options.requestTimeoutMs) },
      ...(options.Octokit ? { Octokit: options.Octokit } : {}),
    }),
  });
  const mapguard = createMapguardApp({ pool: options.pool });
  await server.load(mapguard.app);
  await server.start();
  const url = `http://${server.host}:${server.port}`;
  return {
    server,
    url,
    port: server.port,
    webhookUrl: `${url}${webhookPath}`,
    stop: async () => {
      await server.stop();
      await mapguard.close();
    },
  };
}

export type EnvResult = { ok: true; options: MapguardServerOptions } | { ok: false; error: string };

/** Server options from the environment Probot apps conventionally use. */
export function serverOptionsFromEnv(env: NodeJS.ProcessEnv): EnvResult {
  const development = env.NODE_ENV === "development";
  const secret = env.WEBHOOK_SECRET;
  if (!secret && !development) {
    return {
      ok: false,
      error:
        "[mapguard] WEBHOOK_SECRET is not set. Set it to the webhook secret of your GitHub App; without it anyone could forge webhooks. (NODE_ENV=development allows starting without one.)",
    };
  }
  if (!env.APP_ID) return { ok: false, error: "[mapguard] APP_ID is not set: the GitHub App's id, from its settings page." };
  const privateKey = readPrivateKey(env);
  if (!privateKey.ok) return privateKey;
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) return { ok: false, error: `[mapguard] PORT must be a port number, not ${JSON.stringify(env.PORT)}` };
  return {
    ok: true,
    options: {
      appId: env.APP_ID,
      privateKey: privateKey.key,
      webhookSecret: secret || "development",
      host: env.HOST || "localhost",
      port,
      baseUrl: env.GHE_HOST ? `${env.GHE_PROTOCOL || "https"}://${env.GHE_HOST}/api/v3` : undefined,
      webhookPath: env.WEBHOOK_PATH || DEFAULT_WEBHOOK_PATH,
      logLevel: isLogLevel(env.LOG_LEVEL) ? env.LOG_LEVEL : "info",
    },
  };
}

function readPrivateKey(env: NodeJS.ProcessEnv): { ok: true; key: string } | { ok: false; error: string } {
  if (env.PRIVATE_KEY) {
    const raw = env.PRIVATE_KEY.replace(/\\n/g, "\n");
    // Platforms without multi-line variables get the key base64-encoded.
    const key = raw.includes("-----BEGIN") ? raw : Buffer.from(raw, "base64").toString("utf8");
    if (key.includes("-----BEGIN")) return { ok: true, key };
    return { ok: false, error: "[mapguard] PRIVATE_KEY is neither a PEM key nor a base64-encoded one" };
  }
  if (env.PRIVATE_KEY_PATH) {
    try {
      return { ok: true, key: readFileSync(env.PRIVATE_KEY_PATH, "utf8") };
    } catch (error) {
      return { ok: false, error: `[mapguard] cannot read PRIVATE_KEY_PATH ${env.PRIVATE_KEY_PATH}: ${(error as Error).message}` };
    }
  }
  return { ok: false, error: "[mapguard] set PRIVATE_KEY (the PEM text) or PRIVATE_KEY_PATH (a .pem file) to the GitHub App's private key" };
}

function isLogLevel(value: string | undefined): value is LogLevel {
  return value !== undefined && ["trace", "debug", "info", "warn", "error", "fatal", "silent"].includes(value);
}

async function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createNetServer();
    probe.once("error", reject);
    probe.listen({ host, port: 0 }, () => {
      const address = probe.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** `node dist/server.js`: exit code 1 with a clear message when misconfigured. */
export async function main(env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const configured = serverOptionsFromEnv(env);
  if (!configured.ok) {
    process.stderr.write(`${configured.error}\n`);
    return 1;
  }
  const running = await startMapguardServer(configured.options);
  const shutdown = () => {
    running.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGTERM", shutdown);
  process.once("SIGINT", shutdown);
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().then(
    (code) => {
      if (code !== 0) process.exit(code);
    },
    (error: unknown) => {
      process.stderr.write(`[mapguard] the server could not start: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
