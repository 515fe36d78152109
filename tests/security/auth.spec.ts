import { test, ignored_auth, checkCase, randomParams, pool } from '../../helpers/test';
import { operations, title } from '../../schemas/catalogue';

const b64url = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * A token shaped like the documented RS256 JWT (the same claims) but signed by no one: it must be
 * refused as firmly as garbage. Its expiry lies in the future, so only the signature can reject it.
 */
const UNSIGNED_JWT = [
  b64url({ alg: 'RS256', typ: 'JWT' }),
  b64url({ token_type: 'access', exp: 4102444800, iat: 1721387621, jti: 'los-contract-wrong-token', user_id: 1, company_id: 1 }),
  Buffer.from('not-a-signature').toString('base64url'),
].join('.');

/** Each credential a request may carry instead of a valid bearer token; null sends no Authorization header. */
const CREDENTIALS: Array<[string, string | null]> = [
  ['no Authorization header', null],
  ['the Bearer scheme without a token', 'Bearer'],
  ['the Basic scheme', `Basic ${Buffer.from('los:contract').toString('base64')}`],
  ['garbage instead of a scheme and token', 'garbage-credential'],
  ['a well-formed JWT signed by no one', `Bearer ${UNSIGNED_JWT}`],
];

/**
 * ignored_auth on every catalogued operation: authentication is decided before anything else,
 * so path ids are random and no body is sent; each answer must be 401 with the error body.
 */
for (const op of operations) {
  test(
    `${title(op)} (${op.method} ${op.path}) answers 401 with the error body to a request without a valid token`,
    { tag: '@security' },
    async ({ api, cfg }) => {
      const params = randomParams(op);
      // Independent probes: sent CONCURRENCY at a time, so a remote target's latency is paid once per batch.
      await pool(CREDENTIALS, cfg.concurrency, ([label, authorization]) =>
        test.step(
          `with ${label}`,
          async () => {
            const exchange = await api.send(op.id, { params, authorization, purpose: 'auth' });
            checkCase(`${title(op)} with ${label}`, exchange, {}, [ignored_auth]);
          },
          { box: true },
        ),
      );
    },
  );
}
