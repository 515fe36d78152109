import { config, writesAllowed } from './config';
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
  await preflight(cfg);
}
