import { existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import dotenv from 'dotenv';
import { operations } from '../../schemas/catalogue';
import { paramNames } from '../../schemas/paths';
import { DEFAULT_SANDBOX_PORT, DEFAULT_TENANT_TOKENS, SANDBOX_PROGRAM } from '../../sandbox/tenants';

/**
 * Reads the run's configuration from the environment (and `.env` when present) and refuses bad
 * values up front with one message per problem, so a typo costs seconds, not 300 timeouts.
 */
export interface Config {
  baseUrl: string;
  /** True when no BASE_URL was given: the suite starts and targets the bundled sandbox. */
  sandbox: boolean;
  sandboxPort: number;
  token: string;
  isolationToken: string | undefined;
  programId: string;
  fakerSeed: number;
  runId: string;
  readOnly: boolean;
  /** Records READ_ONLY reads where no read lists them (READ_ONLY_RECORDS): path parameter → its account and id. */
  knownRecords: Record<string, { account_id: string; id: string }>;
  protectedHosts: string[];
  allowProtectedWrites: boolean;
  reportsDir: string;
  requestTimeoutMs: number;
  networkRetries: number;
  workers: number;
  /** Longest Retry-After the run waits for (RETRY_AFTER_MAX_S). */
  retryAfterMaxS: number;
  /** Throttled answers in a row before a request gives up (THROTTLE_RETRIES). */
  throttleRetries: number;
  /** Requests per second for the whole run, 0 for no limit (RATE_LIMIT). */
  rateLimit: number;
  /** Independent requests a test sends at once (CONCURRENCY). */
  concurrency: number;
  /** Proxies from HTTPS_PROXY / HTTP_PROXY / NO_PROXY (either case), as the environment gives them. */
  proxy: { https?: string; http?: string; noProxy?: string };
  /** Accept any TLS certificate (IGNORE_HTTPS_ERRORS, lab targets only). */
  ignoreHttpsErrors: boolean;
  /** How far a timestamp may lie after the answer's arrival: the target's clock against this machine's. */
  clockSkewSeconds: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`los-contract cannot start; fix these settings (in .env or the environment):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** The record ids read operations take besides the account's: what READ_ONLY_RECORDS may name. */
const RECORD_PARAMETERS = [...new Set(operations.filter((o) => o.method === 'GET').flatMap((o) => paramNames(o.path)))].filter((name) => name !== 'account_id');

/** Default workers against a remote target (WORKERS overrides). */
export const REMOTE_WORKERS = 8;

/** Default workers against the bundled sandbox on a machine with `cpus` CPUs (WORKERS overrides). */
export const sandboxWorkers = (cpus: number): number => Math.min(4, cpus);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function loadDotenv(path = '.env'): void {
  if (existsSync(path)) dotenv.config({ path, quiet: true });
}

/** Where the run's reports go: REPORTS_DIR, read here only, so the config, the reporters and the scripts agree. */
export const reportsDir = (env: NodeJS.ProcessEnv = process.env): string => env.REPORTS_DIR?.trim() || 'reports';

/** `cpus` is this machine's, a parameter so the default worker count can be tested for any machine. */
export function parseConfig(env: NodeJS.ProcessEnv, cpus = availableParallelism()): Config {
  const problems: string[] = [];
  const text = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value ? value : undefined;
  };
  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const raw = text(name);
    if (raw === undefined) return fallback;
    if (!/^-?\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
      problems.push(`${name}="${raw}" is not a whole number between ${min} and ${max}.`);
      return fallback;
    }
    return Number(raw);
  };
  const flag = (name: string): boolean => {
    const raw = text(name)?.toLowerCase();
    if (raw === undefined || ['0', 'false', 'no', 'off'].includes(raw)) return false;
    if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
    problems.push(`${name}="${env[name]}" must be 1/true/yes/on or 0/false/no/off.`);
    return false;
  };
  const token = (name: string): string | undefined => {
    const value = text(name);
    if (value !== undefined && /[\s"']/.test(value)) {
      problems.push(`${name} contains ${/\s/.test(value) ? 'whitespace' : 'a quote'}: give the bare token, without "Bearer " or quotes.`);
    }
    return value;
  };

  const sandboxPort = integer('SANDBOX_PORT', DEFAULT_SANDBOX_PORT, 1, 65535);
  let baseUrl = text('BASE_URL');
  const sandbox = baseUrl === undefined;
  if (baseUrl !== undefined) {
    let url: URL | undefined;
    try {
      url = new URL(baseUrl);
    } catch {
      problems.push(`BASE_URL="${baseUrl}" is not a URL; use e.g. https://preprod.api.crego.io (or leave it unset for the sandbox).`);
    }
    if (url && !['http:', 'https:'].includes(url.protocol)) problems.push(`BASE_URL="${baseUrl}" must start with http:// or https://.`);
    baseUrl = baseUrl.replace(/\/+$/, '');
  }
  const apiToken = token('API_TOKEN');
  if (!sandbox && apiToken === undefined) {
    problems.push('API_TOKEN is missing: set it to the bearer token of the target tenant (BASE_URL is set, so no sandbox default applies).');
  }
  const isolationToken = token('ISOLATION_TOKEN');
  const programId = text('PROGRAM_ID') ?? SANDBOX_PROGRAM.id;
  if (!UUID.test(programId)) problems.push(`PROGRAM_ID="${programId}" is not a UUID; use the id of a lending program of the target tenant.`);
  const rate = text('RATE_LIMIT');
  if (rate !== undefined && !(/^\d+(\.\d+)?$/.test(rate) && Number(rate) > 0))
    problems.push(`RATE_LIMIT="${rate}" is not a positive number of requests per second (e.g. 20 or 0.5).`);
  const proxyUrl = (...names: string[]): string | undefined => {
    const name = names.find((n) => text(n) !== undefined);
    const value = name ? text(name) : undefined;
    if (name && value) {
      try {
        if (!['http:', 'https:'].includes(new URL(value).protocol)) throw new Error('protocol');
      } catch {
        problems.push(`${name} is not an http:// or https:// proxy URL (e.g. http://proxy.corp.example:3128).`);
      }
    }
    return value;
  };
  const knownRecords: Config['knownRecords'] = {};
  for (const entry of (text('READ_ONLY_RECORDS') ?? '').split(',').filter((e) => e.trim())) {
    const match = /^\s*([a-z_]+_id)\s*=\s*([^/\s]+)\/([^/\s]+)\s*$/.exec(entry);
    if (!match) {
      problems.push(`READ_ONLY_RECORDS entry "${entry.trim()}" is not <parameter>=<account_id>/<id>, e.g. mandate_id=<account uuid>/<mandate uuid>.`);
      continue;
    }
    if (!RECORD_PARAMETERS.includes(match[1])) {
      problems.push(`READ_ONLY_RECORDS names ${match[1]}, which no read operation takes; use one of ${RECORD_PARAMETERS.join(', ')}.`);
      continue;
    }
    knownRecords[match[1]] = { account_id: match[2], id: match[3] };
  }
  const protectedHosts = (text('PROTECTED_HOSTS') ?? '')
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean);

  const config: Config = {
    baseUrl: baseUrl ?? `http://127.0.0.1:${sandboxPort}`,
    sandbox,
    sandboxPort,
    token: apiToken ?? DEFAULT_TENANT_TOKENS['tenant-a'],
    isolationToken: isolationToken ?? (sandbox ? DEFAULT_TENANT_TOKENS['tenant-b'] : undefined),
    programId,
    fakerSeed: integer('FAKER_SEED', 0, 0, 2 ** 31 - 1),
    runId: text('LOS_RUN_ID') ?? '',
    readOnly: flag('READ_ONLY'),
    knownRecords,
    protectedHosts,
    allowProtectedWrites: flag('ALLOW_PROTECTED_WRITES'),
    reportsDir: reportsDir(env),
    requestTimeoutMs: integer('REQUEST_TIMEOUT_MS', 15_000, 100, 600_000),
    networkRetries: integer('NETWORK_RETRIES', 2, 0, 5),
    // Against the bundled sandbox the run is CPU-bound (runner, workers and sandbox share the machine): more
    // workers than CPUs only add worker start-ups. Against a remote target it is bound by round trips, and a
    // waiting worker costs no CPU, only its start: 8 keeps a partner's preprod below ~50 requests in flight, and
    // RATE_LIMIT caps the load where a quota is known (the figures: README, "Benchmark").
    workers: integer('WORKERS', sandbox ? sandboxWorkers(cpus) : REMOTE_WORKERS, 1, 64),
    retryAfterMaxS: integer('RETRY_AFTER_MAX_S', 60, 0, 3600),
    throttleRetries: integer('THROTTLE_RETRIES', 5, 0, 50),
    rateLimit: rate !== undefined && Number(rate) > 0 ? Number(rate) : 0,
    concurrency: integer('CONCURRENCY', 6, 1, 64),
    proxy: {
      https: proxyUrl('HTTPS_PROXY', 'https_proxy'),
      http: proxyUrl('HTTP_PROXY', 'http_proxy'),
      noProxy: text('NO_PROXY') ?? text('no_proxy'),
    },
    ignoreHttpsErrors: flag('IGNORE_HTTPS_ERRORS'),
    // Five minutes: the tolerance Kerberos and AWS request signing allow between NTP-synced clocks.
    clockSkewSeconds: integer('CLOCK_SKEW_SECONDS', 300, 0, 86_400),
  };
  if (config.isolationToken !== undefined && config.isolationToken === config.token) {
    problems.push('ISOLATION_TOKEN equals API_TOKEN: it must belong to a second tenant (or be left unset to skip isolation checks).');
  }
  if (problems.length) throw new ConfigError(problems);
  return config;
}

/**
 * The run's identity is fixed once in the runner process and handed to workers through the
 * environment, so every worker tags its data with the same run id and replays the same seed.
 */
export function pinRunIdentity(env: NodeJS.ProcessEnv): void {
  env.LOS_RUN_ID ||= `r${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
  if (!env.FAKER_SEED?.trim()) env.FAKER_SEED = String(randomBytes(4).readUInt32BE() % 2 ** 31);
}

let cached: Config | undefined;
export function config(): Config {
  if (!cached) {
    loadDotenv();
    pinRunIdentity(process.env);
    cached = parseConfig(process.env);
  }
  return cached;
}

/** Writes against hosts a partner listed as protected need an explicit opt-in. */
export function writesAllowed(cfg: Config): boolean {
  if (cfg.readOnly) return false;
  const host = new URL(cfg.baseUrl).hostname.toLowerCase();
  return !cfg.protectedHosts.includes(host) || cfg.allowProtectedWrites;
}
