import { config } from './config';
import { preflight } from './preflight';

export default async function globalSetup(): Promise<void> {
  const cfg = config();
  console.log(
    `los-contract run ${cfg.runId} → ${cfg.baseUrl}${cfg.sandbox ? ' (bundled sandbox)' : ''}; FAKER_SEED=${cfg.fakerSeed} (set it to replay this run's data)`,
  );
  await preflight(cfg);
}
