import { randomUUID } from 'node:crypto';
import { now } from './clock';

/** In-memory state, one Tenant per bearer token; a tenant never sees another tenant's records. */
export interface Entity {
  id: string;
  created_at: number;
  updated_at: number;
  [field: string]: unknown;
}

export class Collection<T extends Entity> {
  private readonly items = new Map<string, T>();

  insert(fields: Omit<T, 'id' | 'created_at' | 'updated_at'>): T {
    const created_at = now();
    const record = { id: randomUUID(), created_at, updated_at: created_at, ...fields } as unknown as T;
    record.updated_at = now();
    this.items.set(record.id, record);
    return record;
  }

  get(id: string): T | undefined {
    return this.items.get(id);
  }

  update(record: T, changes: Partial<T>): T {
    Object.assign(record, changes, { updated_at: now() });
    return record;
  }

  delete(id: string): boolean {
    return this.items.delete(id);
  }

  /** Oldest first, so page boundaries stay put while other clients add records. */
  where(predicate: (record: T) => boolean = () => true): T[] {
    return [...this.items.values()].filter(predicate);
  }
}

export class Tenant {
  readonly collections = new Map<string, Collection<Entity>>();

  constructor(readonly name: string) {}

  collection<T extends Entity>(name: string): Collection<T> {
    let found = this.collections.get(name);
    if (!found) this.collections.set(name, (found = new Collection<Entity>()));
    return found as unknown as Collection<T>;
  }
}
