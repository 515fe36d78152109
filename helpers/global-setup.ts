import { config, writesAllowed } from './config';
import { proxyFor } from './network';
import { preflight } from './preflight';

export default async function globalSetup(): Promise<void> {
  const cfg = config();
  console.log(
    `los-contract run ${cfg.runId} → ${cfg.baseUrl}${cfg.sandbox ? ' (bundled sandbox)' : ''}; FAKER_SEED=${cfg.fakerSeed} (set it to replay this run's data)`,
  );
  if (!writesAllowed(cfg)) {
    console.log(
      cfg.readOnly
        ? 'READ_ONLY: tests that would change data are skipped.'
        : `PROTECTED_HOSTS lists ${new URL(cfg.baseUrl).hostname}: tests that would change data are skipped.`,
    );
  }
  const proxy = proxyFor(cfg);
  if (proxy) console.log(`proxy: ${new URL(proxy).host}${cfg.proxy.noProxy ? ` (NO_PROXY=${cfg.proxy.noProxy})` : ''}`);
  if (cfg.ignoreHttpsErrors) {
    console.log(
      `WARNING: IGNORE_HTTPS_ERRORS is set: TLS certificates of ${new URL(cfg.baseUrl).host} are not verified. For lab targets only; for a private CA set NODE_EXTRA_CA_CERTS instead.`,
    );
  }
  if (cfg.rateLimit) console.log(`RATE_LIMIT: ${cfg.rateLimit} requests/s for the whole run (${cfg.workers} workers share it)`);
  await preflight(cfg);
}
