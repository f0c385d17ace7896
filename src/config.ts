import { resolve } from 'node:path';
import { BroadsheetError } from './domain/errors.ts';

export interface Config {
  port: number;
  host: string;
  baseUrl: string;
  databaseUrl: string;
  dataDir: string;
  siteName: string;
  redisUrl: string | undefined;
  logLevel: string;
  /** Behind a reverse proxy: `true`, or the proxy addresses/CIDRs to trust for X-Forwarded-*. */
  trustProxy: boolean | string[];
  /**
   * Milliseconds of request work per event-loop turn before requests queue (src/web/admission.ts);
   * 0 turns admission off.
   */
  admissionBudgetMs: number;
}

function trustProxyFrom(raw: string | undefined): boolean | string[] {
  if (raw === undefined || raw === '' || raw === 'false') return false;
  if (raw === 'true') return true;
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function budgetFrom(raw: string | undefined): number {
  if (raw === undefined || raw === '') return 4;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0 || n > 1000)
    throw new BroadsheetError('CONFIG', `ADMISSION_BUDGET_MS must be between 0 and 1000 (got "${raw}")`);
  return n;
}

function intFrom(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new BroadsheetError('CONFIG', `${name} must be a port number (got "${raw}")`);
  return n;
}

/** Reads configuration from the environment (DESIGN.md contract). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const port = overrides.port ?? intFrom(env, 'PORT', 3000);
  const host = overrides.host ?? env.HOST ?? '127.0.0.1';
  const dataDir = resolve(overrides.dataDir ?? env.DATA_DIR ?? './data');
  const baseUrl = (
    overrides.baseUrl ??
    env.BASE_URL ??
    `http://${host === '0.0.0.0' ? 'localhost' : host}:${port}`
  ).replace(/\/+$/, '');
  try {
    new URL(baseUrl);
  } catch {
    throw new BroadsheetError('CONFIG', `BASE_URL must be an absolute URL (got "${baseUrl}")`);
  }
  return {
    port,
    host,
    baseUrl,
    databaseUrl: overrides.databaseUrl ?? env.DATABASE_URL ?? `sqlite:${resolve(dataDir, 'broadsheet.db')}`,
    dataDir,
    siteName: overrides.siteName ?? env.SITE_NAME ?? 'Broadsheet',
    redisUrl: overrides.redisUrl ?? (env.REDIS_URL || undefined),
    logLevel: overrides.logLevel ?? env.LOG_LEVEL ?? 'info',
    trustProxy: overrides.trustProxy ?? trustProxyFrom(env.TRUST_PROXY),
    admissionBudgetMs: overrides.admissionBudgetMs ?? budgetFrom(env.ADMISSION_BUDGET_MS),
  };
}
