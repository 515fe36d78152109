import { buildOpenApi, type Json } from '../schemas/openapi-export';
import { lastParam, paramNames } from '../schemas/paths';
import type { OpenApiDocument } from './fault-kit';
import type { Faults } from './faults/index';

/** The path drf-spectacular serves a DRF API's OpenAPI document at. */
export const SCHEMA_PATH = '/api/schema/';

const ACTIONS: Record<string, string> = { post: 'create', put: 'update', patch: 'partial_update', delete: 'destroy' };

/** drf-spectacular's operationId: the path's literal parts and the action, e.g. `v1_los_accounts_retrieve`. */
function drfOperationId(method: string, path: string): string {
  const parts = path.split('/').filter((p) => p && !paramNames(p).length);
  const action = ACTIONS[method] ?? (lastParam(path)?.after === '/' ? 'retrieve' : 'list');
  return [...parts, action].join('_').replace(/-/g, '_');
}

/**
 * The sandbox's own OpenAPI document, as a DRF API serves it: the catalogue's export as the active
 * faults make the API (moved paths, changed definitions), with drf-spectacular's operationIds, so
 * calibrate pairs operations as it would against a real export: by path, then by tag and summary.
 */
export function schemaDocument(faults: Faults): Json {
  const document = faults.document(buildOpenApi() as unknown as OpenApiDocument);
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, op] of Object.entries(item)) op.operationId = drfOperationId(method, path);
  }
  return document as unknown as Json;
}
