import { randomUUID } from 'node:crypto';
import { now } from './clock';
import type * as Accounts from '../schemas/types/accounts';
import type * as Agreements from '../schemas/types/agreements';
import type * as Approvals from '../schemas/types/approvals';
import type * as Assessments from '../schemas/types/assessments';
import type * as Charges from '../schemas/types/charges';
import type * as CustomFields from '../schemas/types/custom-fields';
import type * as Documents from '../schemas/types/documents';
import type * as Esign from '../schemas/types/esign';
import type * as Leads from '../schemas/types/leads';

/**
 * The record each collection keeps: the type the contract's schema gives the resource's answer
 * (schemas/types/). The sandbox stores nothing beyond what it answers, so a stored record is the
 * answer body itself, and a field renamed in a schema fails tsc wherever the sandbox writes or reads it.
 */
export interface Records {
  leads: Leads.Lead;
  accounts: Accounts.Account;
  approvals: Approvals.Approval;
  assessments: Assessments.Assessment;
  'custom-fields': CustomFields.CustomField;
  insurances: Charges.Insurance;
  fees: Charges.Fee;
  mandates: Charges.Mandate;
  documents: Documents.Document;
  agreements: Agreements.Agreement;
  stamps: Agreements.Stamp;
  sign_requests: Esign.SignRequest;
}

export type CollectionName = keyof Records;

/** What the store sets on every record it keeps. */
export interface Stored {
  id: string;
  created_at: number;
  updated_at: number;
}

export class Collection<T extends Stored> {
  private readonly items = new Map<string, T>();
  /** findBy's lookup tables, one per field asked for, built on first use and kept current by insert, update and delete. */
  private readonly indexes = new Map<keyof T, Map<unknown, Set<T>>>();

  insert(fields: Omit<T, 'id' | 'created_at' | 'updated_at'>): T {
    const created_at = now();
    const record = { id: randomUUID(), created_at, updated_at: created_at, ...fields } as unknown as T;
    record.updated_at = now();
    this.items.set(record.id, record);
    for (const [field, index] of this.indexes) file(index, record[field], record);
    return record;
  }

  get(id: string): T | undefined {
    return this.items.get(id);
  }

  /** Records change only through here, so findBy's tables stay true. */
  update(record: T, changes: Partial<T>): T {
    const moved = [...this.indexes].filter(([field]) => field in changes);
    for (const [field, index] of moved) unfile(index, record[field], record);
    Object.assign(record, changes, { updated_at: now() });
    for (const [field, index] of moved) file(index, record[field], record);
    return record;
  }

  delete(id: string): boolean {
    const record = this.items.get(id);
    if (record) for (const [field, index] of this.indexes) unfile(index, record[field], record);
    return this.items.delete(id);
  }

  /** Oldest first, so page boundaries stay put while other clients add records. */
  where(predicate?: (record: T) => boolean): T[] {
    if (!predicate) return [...this.items.values()];
    const found: T[] = [];
    for (const record of this.items.values()) if (predicate(record)) found.push(record);
    return found;
  }

  /** The records whose field has this value, without scanning them all (uniqueness checks of large collections). */
  findBy<K extends keyof T>(field: K, value: T[K]): T[] {
    let index = this.indexes.get(field);
    if (!index) {
      index = new Map();
      for (const record of this.items.values()) file(index, record[field], record);
      this.indexes.set(field, index);
    }
    return [...(index.get(value) ?? [])];
  }
}

function file<T>(index: Map<unknown, Set<T>>, value: unknown, record: T): void {
  let bucket = index.get(value);
  if (!bucket) index.set(value, (bucket = new Set()));
  bucket.add(record);
}

function unfile<T>(index: Map<unknown, Set<T>>, value: unknown, record: T): void {
  const bucket = index.get(value);
  bucket?.delete(record);
  if (bucket?.size === 0) index.delete(value);
}

type Collections = { [N in CollectionName]?: Collection<Records[N]> };

/** In-memory state, one Tenant per bearer token; a tenant never sees another tenant's records. */
export class Tenant {
  /** The collections used so far, by name. */
  readonly collections: Collections = {};

  constructor(readonly name: string) {}

  collection<N extends CollectionName>(name: N): Collection<Records[N]> {
    // Seen through the one name asked for, so that tsc pairs the name with its record type.
    const collections: { [K in N]?: Collection<Records[K]> } = this.collections;
    return (collections[name] ??= new Collection());
  }
}
