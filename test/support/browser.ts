import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import type { DialectName } from '../../src/db/dialect-adapter.ts';
import { createTestApp, type TestApp } from './app.ts';

/** Debian's Chromium (apt package `chromium`); never a browser downloaded by a test tool. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Flags for a root, offline machine: no sandbox (root), no GPU, and nothing that phones home
 * (background networking, component updates, sync), whose refused connections slow every start.
 */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
] as const;

const requireBrowser = process.env.BROADSHEET_REQUIRE_BROWSER === '1';
const browserPresent = existsSync(CHROMIUM_PATH);

/**
 * True when browser tests should skip: Chromium is absent and not required. CI sets
 * BROADSHEET_REQUIRE_BROWSER=1, so there a missing browser fails the run instead of skipping.
 */
export const skipBrowser = !browserPresent && !requireBrowser;

/**
 * Launches headless Chromium. Playwright gives every launch a fresh, empty user-data-dir
 * (a temporary profile it deletes on close), so runs never share state.
 */
export async function launchBrowser(): Promise<Browser> {
  if (!browserPresent) {
    throw new Error(
      `Chromium is required (BROADSHEET_REQUIRE_BROWSER=1) but ${CHROMIUM_PATH} does not exist: apt-get install chromium`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_FLAGS],
    timeout: 60_000,
  });
}

export interface LiveSite {
  /** e.g. http://127.0.0.1:43123 (no trailing slash). */
  baseUrl: string;
  testApp: TestApp;
  close(): Promise<void>;
}

/**
 * The real app listening on 127.0.0.1 on a free port, on a fresh database, after `populate`
 * has filled it (demo content or a fixture site). Browsers and outside tools need a real socket.
 */
export async function startLiveSite(
  populate: (testApp: TestApp) => Promise<void>,
  options: { dialect?: DialectName; clock?: () => Date } = {},
): Promise<LiveSite> {
  const testApp = await createTestApp(
    options.dialect ?? 'sqlite',
    options.clock ? { clock: options.clock } : {},
  );
  try {
    await populate(testApp);
    await testApp.app.listen({ host: '127.0.0.1', port: 0 });
  } catch (error) {
    await testApp.close();
    throw error;
  }
  const { port } = testApp.app.server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    testApp,
    close: () => testApp.close(),
  };
}
