/**
 * Part of `npm run bench`, run in a fresh process so nothing is compiled yet:
 *   tsx scripts/bench/validators.ts <samples.json>
 * Times loading the schema registry and compiling every definition once (compileAll), then
 * counts validations per second of each response schema on a valid body (from the in-runner
 * measurements); prints one JSON line.
 */
import { readFileSync } from 'node:fs';

const loadStarted = performance.now();
const { compileAll, validator } = await import('../../schemas/registry');
const loaded = performance.now();
const definitions = compileAll();
const compiled = performance.now();

const samples = JSON.parse(readFileSync(process.argv[2], 'utf8')) as Record<string, unknown>;
const perSchema: Record<string, number> = {};
for (const [ref, body] of Object.entries(samples)) {
  const validate = validator(ref);
  if (!validate(body)) throw new Error(`the sample body of ${ref} does not validate: ${JSON.stringify(validate.errors)}`);
  for (let i = 0; i < 2_000; i++) validate(body);
  let count = 0;
  const started = performance.now();
  while (performance.now() - started < 150) {
    for (let i = 0; i < 200; i++) validate(body);
    count += 200;
  }
  perSchema[ref.replace(/^.*\/schemas\//, '').replace('.json#/$defs/', '.')] = Math.round(count / ((performance.now() - started) / 1000));
}
const ms = (n: number) => Math.round(n * 10) / 10;
console.log(
  JSON.stringify({ registry_load_ms: ms(loaded - loadStarted), validator_compile_ms: ms(compiled - loaded), definitions, validations_per_s: perSchema }),
);
