import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { seededFaker } from '../../fixtures/builders';
import { builders } from '../../fixtures/requests/index';
import { placeholderRefs } from '../../fixtures/requests/builder';
import { conform } from '../../fixtures/schema-values';
import type { LosClient } from '../../helpers/net/api';
import type { Config } from '../../helpers/core/config';
import { Factory, ledgerFile } from '../../helpers/factory';
import { AccountReservoir } from '../../helpers/account-reservoir';
import { Janitor } from '../../helpers/janitor';
import { redact } from '../../helpers/core/redact';
import { knownSecrets, scanContent } from '../../scripts/scan-secrets';
import { operation, operations } from '../../schemas/catalogue';
import { ajv, validator } from '../../schemas/registry';
import { copyRepo } from './repo-copy';

const PROGRAM = '15676342-6603-4637-a83f-77feda9523e9';
const RUN = { programId: PROGRAM, runId: 'runid' };
const SEEDS = Array.from({ length: 25 }, (_, i) => i + 1);
const TEN_DIGITS = /^[6-9]\d{9}$/;

/** Inline schemas beside the project's (relative refs reach common.json), standing for a target's own. */
const TEST_SCHEMA = 'https://los-contract.dev/schemas/datagen-test.json';
const ref = (def: string): string => `${TEST_SCHEMA}#/$defs/${def}`;
ajv.addSchema({
  $id: TEST_SCHEMA,
  $defs: {
    lead: {
      type: 'object',
      required: ['id', 'primary_mobile', 'email', 'applicant_type', 'full_name', 'pan', 'amount', 'tenure', 'on', 'at', 'site', 'version', 'tags', 'signer'],
      additionalProperties: false,
      properties: {
        id: { $ref: 'common.json#/$defs/uuid' },
        primary_mobile: { type: 'string', pattern: '^[6-9]\\d{9}$' },
        email: { type: 'string', format: 'email' },
        applicant_type: { type: 'string', enum: ['individual', 'company'] },
        full_name: { type: 'string', minLength: 2, maxLength: 8 },
        pan: { type: 'string', pattern: '^[A-Z]{5}[0-9]{4}[A-Z]$' },
        amount: { type: 'number', exclusiveMinimum: 0, maximum: 10 },
        tenure: { type: 'integer', minimum: 3, exclusiveMaximum: 6 },
        on: { type: 'string', format: 'date' },
        at: { type: 'string', format: 'date-time' },
        site: { type: 'string', format: 'uri' },
        version: { const: 2 },
        note: { type: ['string', 'null'], maxLength: 5 },
        signed_at: { $ref: 'common.json#/$defs/nullableTimestamp' },
        tags: { type: 'array', minItems: 2, maxItems: 3, items: { type: 'string', minLength: 3 } },
        signer: {
          type: 'object',
          allOf: [{ $ref: 'common.json#/$defs/signer' }],
          properties: { role: { type: 'string', enum: ['borrower'] } },
          required: ['role'],
        },
      },
    },
    patterns: {
      type: 'object',
      required: ['mobile', 'pan', 'international'],
      properties: {
        mobile: { type: 'string', pattern: '^[6-9]\\d{9}$' },
        pan: { type: 'string', pattern: '^[A-Z]{5}[0-9]{4}[A-Z]$' },
        international: { type: 'string', pattern: '^\\+?[0-9]{10,15}$' },
      },
    },
  },
});

/** What a builder wrote for the common schema: +91 mobile, empty email, names longer than allowed, a value out of the enum. */
const built = (id: string) => ({
  id,
  primary_mobile: '+919812345678',
  email: '',
  applicant_type: 'huf',
  full_name: 'Aarav Venkataraman',
  tenure: 4,
  note: null,
  undeclared: 'dropped',
});

describe('conform: generated data follows the request schema', () => {
  it('regenerates what the schema refuses from its pattern, format, enum and lengths, and generates what is required and missing', () => {
    for (const seed of SEEDS) {
      const f = seededFaker(seed, 'conform');
      const id = f.string.uuid();
      const body = conform(f, ref('lead'), built(id)) as Record<string, unknown>;
      assert.equal(validator(ref('lead'))(body), true, JSON.stringify(validator(ref('lead')).errors));
      assert.match(body.primary_mobile as string, TEN_DIGITS, 'the pattern, not the builder’s +91');
      assert.match(body.email as string, /^[^@\s]+@[^@\s]+\.[a-z]+$/, 'an email for format: email, not ""');
      assert.ok(['individual', 'company'].includes(body.applicant_type as string), 'a value of the enum');
      assert.ok((body.full_name as string).length <= 8, 'maxLength');
      assert.match(body.pan as string, /^[A-Z]{5}[0-9]{4}[A-Z]$/);
      assert.ok((body.amount as number) > 0 && (body.amount as number) <= 10, 'exclusiveMinimum and maximum');
      assert.equal(body.version, 2, 'const');
      assert.ok(!('undeclared' in body), 'a closed object drops what it does not declare');
      const signer = body.signer as Record<string, unknown>;
      assert.equal(signer.role, 'borrower', 'required through allOf and $ref');
      assert.ok(typeof signer.email === 'string' && typeof signer.mobile === 'string');
      // What already fits travels untouched: the id a setup made, an allowed integer, a null the type list allows.
      assert.equal(body.id, id);
      assert.equal(body.tenure, 4);
      assert.equal(body.note, null);
    }
  });

  it('keeps data that already fits as it is', () => {
    const f = seededFaker(1, 'fits');
    const valid = conform(f, ref('lead'), built(f.string.uuid()));
    assert.deepEqual(conform(seededFaker(2, 'other'), ref('lead'), structuredClone(valid)), valid);
  });

  it('draws from the test’s faker, so a seed replays the same data', () => {
    const once = conform(seededFaker(42, 'replay'), ref('lead'), built(PROGRAM));
    assert.deepEqual(conform(seededFaker(42, 'replay'), ref('lead'), built(PROGRAM)), once);
    assert.notDeepEqual(conform(seededFaker(43, 'replay'), ref('lead'), built(PROGRAM)), once);
  });

  it('matches real-world patterns (digit classes, optional signs, counted repeats)', () => {
    for (const seed of SEEDS) {
      const values = conform(seededFaker(seed, 'patterns'), ref('patterns'), {}) as Record<string, string>;
      assert.match(values.mobile, TEN_DIGITS);
      assert.match(values.pan, /^[A-Z]{5}[0-9]{4}[A-Z]$/);
      assert.match(values.international, /^\+?[0-9]{10,15}$/);
    }
  });

  it('the valid request of every catalogued operation is valid against its request schema, for any seed', () => {
    for (const seed of SEEDS) {
      const f = seededFaker(seed, 'every operation');
      const refs = placeholderRefs(f);
      for (const o of operations.filter((x) => x.request)) {
        const builder = builders[o.id]!;
        const form = builder.form?.(f, refs, RUN);
        // The server reads a file part as its file name.
        const data = form ? Object.fromEntries(Object.entries(form).map(([k, v]) => [k, typeof v === 'string' ? v : v.name])) : builder.body?.(f, refs, RUN);
        const validate = validator(o.request!.schema);
        assert.equal(validate(data), true, `${o.id} (seed ${seed}): ${JSON.stringify(validate.errors)}`);
      }
    }
  });
});

describe('one schema edit changes what the builders send', () => {
  const copy = copyRepo();
  after(() => copy.remove());

  it('a lead schema calibrated to ^[6-9]\\d{9}$ gets ten-digit mobiles, the rest of the lead as the builder wrote it', () => {
    const leads = join(copy.dir, 'schemas/leads.json');
    const schema = JSON.parse(readFileSync(leads, 'utf8'));
    schema.$defs.createRequest.properties.primary_mobile = { type: 'string', pattern: '^[6-9]\\d{9}$' };
    writeFileSync(leads, JSON.stringify(schema));
    const script = `import { leadRequest, seededFaker } from './fixtures/builders';
import { builders } from './fixtures/requests/index';
const leads = ${JSON.stringify(SEEDS)}.flatMap((seed) => [leadRequest(seededFaker(seed, 'lead'), '${PROGRAM}'), builders['leads.create']!.body!(seededFaker(seed, 'lead'), {} as never, ${JSON.stringify(RUN)})]);
process.stdout.write(JSON.stringify(leads));`;
    writeFileSync(join(copy.dir, 'print-leads.ts'), script);
    const run = copy.run('print-leads.ts', []);
    assert.equal(run.status, 0, run.stderr);
    const calibrated = JSON.parse(run.stdout) as Array<Record<string, unknown>>;
    assert.equal(calibrated.length, SEEDS.length * 2);
    calibrated.forEach((lead, i) => {
      const asToday = builders['leads.create']!.body!(seededFaker(SEEDS[Math.floor(i / 2)], 'lead'), {} as never, RUN);
      assert.match(asToday.primary_mobile as string, /^\+91/, 'today’s schema keeps the builder’s +91 numbers');
      assert.match(lead.primary_mobile as string, TEN_DIGITS, `lead ${i}: ${String(lead.primary_mobile)}`);
      assert.deepEqual({ ...lead, primary_mobile: undefined }, { ...asToday, primary_mobile: undefined }, 'only the field the schema changed differs');
    });
  });
});

describe('PII masking follows the mobile as the schema shapes it', () => {
  const reportsDir = mkdtempSync(join(tmpdir(), 'los-datagen-'));
  after(() => rmSync(reportsDir, { recursive: true, force: true }));

  it('a created lead’s ten-digit mobile is masked, ledgered, and found by the secret scan when leaked', () => {
    const cfg = { reportsDir, runId: 'datagen' } as Config;
    const api = { observers: [] } as unknown as LosClient;
    new Factory(api, seededFaker(1, 'pii'), cfg, new AccountReservoir(cfg), new Janitor(cfg));
    const mobile = '9812345670';
    const body = { program_id: PROGRAM, primary_mobile: mobile, applicants: [{ applicant_type: 'individual', is_primary: true, full_name: 'Aarav Sharma' }] };
    api.observers[0]({ op: operation('leads.create'), status: 201, request: { method: 'POST', body } as never, json: { id: 'lead-1' } });
    assert.ok(!redact(`got 500 for ${mobile}`).includes(mobile), 'masked in the evidence');
    assert.ok(readFileSync(ledgerFile(reportsDir, cfg.runId), 'utf8').includes(`"value":"${mobile}"`), 'in the run ledger');
    const findings = scanContent('junit.xml', Buffer.from(`<failure>primary_mobile ${mobile}</failure>`), knownSecrets([], reportsDir));
    assert.deepEqual(findings, [{ file: 'junit.xml', kind: 'PII (primary_mobile)' }]);
  });
});
