import { config, writesAllowed } from './core/config';
import { networkNotices } from './net/network';
import { preflight } from './net/preflight';
import { sandboxAnswers } from './sandbox-process';

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
  for (const line of networkNotices(cfg)) console.log(line);
  if (cfg.rateLimit) console.log(`RATE_LIMIT: ${cfg.rateLimit} requests/s for the whole run (${cfg.workers} workers share it)`);
  if (cfg.sandbox) await sandboxAnswers(cfg);
  await preflight(cfg);
}
