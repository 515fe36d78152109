import { editBody, mapObjects, type FaultDefinition, type SandboxReply } from '../fault-kit';

/**
 * What a target can do with its timestamp numbers: three contract breaks timestamps_conformance
 * must catch, and three resolutions the contract allows (the suite must stay green with each).
 * The sandbox stamps epoch seconds with 6 decimals; these rewrite every `…_at` number of a body.
 */
const everyTimestamp =
  (rewrite: (seconds: number) => number) =>
  (reply: SandboxReply): SandboxReply => ({
    ...reply,
    body: mapObjects(reply.body, (o) =>
      Object.fromEntries(Object.entries(o).map(([key, value]) => [key, key.endsWith('_at') && typeof value === 'number' ? rewrite(value) : value])),
    ),
  });

/** Seconds since 2001-01-01 (the Cocoa and Core Data reference date) sent as Unix epoch seconds. */
const REFERENCE_DATE_OFFSET = 978_307_200;

export const timestampFaults = {
  timestamps_in_milliseconds: {
    description: 'Every timestamp is sent in epoch milliseconds (the value × 1000): read as seconds, about 55,000 years ahead.',
    caughtBy: ['tests/contract/accounts.spec.ts'],
    catchers: ['timestamps_conformance'],
    respond: everyTimestamp((seconds) => Math.round(seconds * 1000)),
  },
  timestamps_far_past: {
    description: 'Approval timestamps are counted from 2001-01-01 instead of 1970 (a reference-date mix-up): every value reads as 31 years ago.',
    caughtBy: ['tests/contract/approvals.spec.ts'],
    catchers: ['timestamps_conformance'],
    operations: ['approvals.create', 'approvals.list', 'approvals.get', 'approvals.approve', 'approvals.bulkApprove'],
    respond: everyTimestamp((seconds) => seconds - REFERENCE_DATE_OFFSET),
  },
  updated_at_goes_backwards: {
    description:
      'Accounts > Initiate answers updated_at set back to created_at: the stamp goes back from the account as created (though not before created_at).',
    caughtBy: ['tests/contract/accounts.spec.ts'],
    catchers: ['timestamps_conformance'],
    operations: ['accounts.initiate'],
    respond: editBody((body) => {
      if (typeof body.created_at === 'number') body.updated_at = body.created_at;
    }),
  },
  timestamps_whole_seconds: {
    description: 'Timestamps in whole seconds (integers): two changes within a second keep the same updated_at.',
    benign: true,
    caughtBy: [],
    catchers: [],
    respond: everyTimestamp(Math.floor),
  },
  timestamps_3_decimals: {
    description: 'Timestamps with millisecond resolution (3 decimals).',
    benign: true,
    caughtBy: [],
    catchers: [],
    respond: everyTimestamp((seconds) => Number(seconds.toFixed(3))),
  },
  timestamps_7_decimals: {
    description: 'Timestamps with 7 decimals, as in the documented example 1721387621.6985629.',
    benign: true,
    caughtBy: [],
    catchers: [],
    respond: everyTimestamp((seconds) => Number(`${seconds.toFixed(6)}7`)),
  },
} satisfies Record<string, FaultDefinition>;
