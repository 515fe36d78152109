import { compileErrors, validate } from '@readme/openapi-parser';
import type { Json } from '../schemas/openapi-export';

/**
 * Problems a maintained OpenAPI 3.1 validator finds (structure against the official schema, $refs
 * resolving, unique operationIds, path templates matching their parameters); empty when valid.
 */
export async function validateOpenApi(document: Json): Promise<string[]> {
  // The parser dereferences in place; the caller's document stays as generated.
  const result = await validate(structuredClone(document) as Parameters<typeof validate>[0]);
  return result.valid ? [] : [compileErrors(result)];
}
