import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { redact } from '../core/redact';

/**
 * The last line of defence for the console: whatever a process writes to stdout or stderr (a
 * reporter printing an error, a library's message, the sandbox's stderr) is redacted on its way
 * out. Installed in the runner and in every worker (by the Playwright config, which both load);
 * in a worker it sits in front of Playwright's own capture, so what reaches the runner, JUnit's
 * system-out and the HTML report is redacted too. In the runner it also copies what was printed to
 * `file`, so the secret scan can prove the console stayed clean.
 */
let installed = false;

export function guardConsole(file?: string): void {
  if (installed) return;
  installed = true;
  if (file) mkdirSync(dirname(file), { recursive: true });
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream) as (chunk: unknown, ...rest: unknown[]) => boolean;
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      if (typeof chunk !== 'string' && !(chunk instanceof Uint8Array)) return write(chunk, ...rest);
      const text = redact(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      if (file) appendFileSync(file, text);
      // The chunk is decoded text now; an encoding argument would no longer apply to it.
      return write(text, ...(typeof rest[0] === 'string' ? rest.slice(1) : rest));
    }) as typeof stream.write;
  }
}
