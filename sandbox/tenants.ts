/** The sandbox's default tenants. Their tokens are public test values, never real credentials. */
export const DEFAULT_TENANT_TOKENS = {
  'tenant-a': 'sandbox-token-tenant-a',
  'tenant-b': 'sandbox-token-tenant-b',
} as const;

/** The lending program every sandbox tenant has (the id is the documented example's). */
export const SANDBOX_PROGRAM = { id: '15676342-6603-4637-a83f-77feda9523e9', product_type: 'scf' } as const;

export const DEFAULT_SANDBOX_PORT = 4010;

/** How sandbox/main.ts exits when SANDBOX_PORT is taken: the run that started it may use what listens there instead. */
export const PORT_IN_USE_EXIT = 3;

/** The line sandbox/main.ts prints once it answers; the run that started it waits for it. */
export const LISTENING = 'LOS sandbox listening on ';
