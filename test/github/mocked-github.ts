// The setup every GitHub-layer test shares: a Probot with the mapguard app and
// a fake analysis, the network closed, and at teardown no request that nock
// did not expect and no expected request that never came.
import nock from "nock";
import { pino } from "pino";
import { Probot } from "probot";
import { afterEach, beforeEach, expect } from "vitest";
import { createMapguardApp } from "../../src/index.js";
import { fakePool } from "./fake-pool.js";
import { clearReadCaches, privateKey } from "./github-mock.js";
import { TestOctokit } from "./test-octokit.js";

export interface MockedGitHub {
  probot: Probot;
  pool: ReturnType<typeof fakePool>;
}

/** Registers the hooks; the returned object is filled anew before each test. */
/** `Octokit`: the client class (default: retries and throttling off). */
/** `request`: Octokit request options, such as a `fetch` with a short deadline. */
export function useMockedGitHub(options: { Octokit?: typeof TestOctokit; request?: { fetch: typeof fetch } } = {}): MockedGitHub {
  const harness = {} as MockedGitHub;
  let unmatched: string[] = [];
  const onNoMatch = (req: { method?: string; path?: string }) => unmatched.push(`${req.method} ${req.path}`);

  beforeEach(async () => {
    nock.disableNetConnect();
    clearReadCaches();
    unmatched = [];
    nock.emitter.on("no match", onNoMatch);
    harness.pool = fakePool();
    harness.probot = new Probot({ appId: 123, privateKey, Octokit: options.Octokit ?? TestOctokit, request: options.request, log: pino({ level: "silent" }) });
    await harness.probot.load(createMapguardApp({ pool: harness.pool }).app);
  });

  afterEach(() => {
    nock.emitter.removeListener("no match", onNoMatch);
    const pending = nock.pendingMocks();
    nock.cleanAll();
    nock.enableNetConnect();
    expect(unmatched).toEqual([]);
    expect(pending).toEqual([]);
  });

  return harness;
}
