import { readFileSync } from 'node:fs';
import { dereference } from '@readme/openapi-parser';
import swagger2openapi from 'swagger2openapi';
import { parse as parseYaml } from 'yaml';
import { ConfigError, parseConfig } from '../helpers/core/config';
import { netFetch } from '../helpers/net/net-fetch';
import { registerSecret } from '../helpers/core/redact';
import type { Method } from '../schemas/catalogue';
import { COMPONENT, type Json } from './schema-view';

/** An input calibrate cannot read; the command prints its message alone and exits 2. */
export class UnreadableInput extends Error {}

/** One operation of an upstream document, with every `$ref` already resolved. */
export interface UpstreamOperation {
  method: Method;
  path: string;
  tags: string[];
  summary: string;
  operationId?: string;
  request?: { contentType: string; schema: Json };
  /** Status code → JSON body schema (null when the answer has no JSON body). */
  responses: Record<number, Json | null>;
}

const METHODS: Method[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

export const isUrl = (source: string): boolean => /^https?:\/\//i.test(source);

/** A URL as it may be shown: without credentials in it. */
export function sourceLabel(source: string): string {
  if (!isUrl(source)) return source;
  try {
    const url = new URL(source);
    url.username = '';
    url.password = '';
    return url.href;
  } catch {
    return source;
  }
}

/**
 * The document a schema endpoint serves (drf-spectacular's `/api/schema/`), fetched as a run
 * reaches the target: API_TOKEN as the bearer token, the proxy, CA and TLS settings, the timeout.
 */
async function fetchText(url: string): Promise<string> {
  const label = sourceLabel(url);
  if (!URL.canParse(url)) throw new UnreadableInput(`${label} is not a URL`);
  const token = process.env.API_TOKEN?.trim();
  registerSecret(token);
  let cfg;
  try {
    // Only the network settings are needed: a missing token is not this command's problem.
    cfg = parseConfig({ ...process.env, API_TOKEN: token || 'calibrate-sends-no-token', ISOLATION_TOKEN: undefined });
  } catch (error) {
    throw new UnreadableInput(error instanceof ConfigError ? error.message : String(error));
  }
  let response;
  try {
    response = await netFetch(cfg, `calibrate GET ${label}`, url, {
      redirect: 'follow',
      headers: {
        accept: 'application/vnd.oai.openapi+json, application/json, application/yaml;q=0.9, */*;q=0.5',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
    });
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new UnreadableInput(`cannot fetch ${label}: ${code ?? (error as Error).message}`);
  }
  if (response.status !== 200) {
    await response.body?.cancel();
    const hint = response.status === 401 || response.status === 403 ? ' (is API_TOKEN set to a token that may read the schema?)' : '';
    throw new UnreadableInput(
      `${label} answered ${response.status}${response.statusText ? ` ${response.statusText}` : ''}, not 200 with the OpenAPI document${hint}`,
    );
  }
  try {
    return await response.text();
  } catch (error) {
    throw new UnreadableInput(`cannot fetch ${label}: the answer broke off (${(error as { code?: string }).code ?? (error as Error).name})`);
  }
}

async function readDocument(source: string): Promise<Json> {
  const file = sourceLabel(source);
  let text: string;
  if (isUrl(source)) text = await fetchText(source);
  else {
    try {
      text = readFileSync(source, 'utf8');
    } catch (error) {
      throw new UnreadableInput(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
  }
  let document: unknown;
  try {
    // YAML 1.2 is a superset of JSON: one parser reads both exports.
    document = parseYaml(text, { maxAliasCount: 1000 });
  } catch (error) {
    throw new UnreadableInput(`${file} is neither JSON nor YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  if (!document || typeof document !== 'object' || Array.isArray(document))
    throw new UnreadableInput(`${file} is not an OpenAPI document: it is not an object`);
  return document as Json;
}

/** Swagger 2.0 is converted to OpenAPI 3.0 by swagger2openapi; OpenAPI 3.0 and 3.1 are read as they are. */
async function toOpenApi3(document: Json, file: string): Promise<Json> {
  if (document.swagger === '2.0') {
    try {
      const { openapi } = await swagger2openapi.convertObj(document as never, { patch: true, warnOnly: true });
      return openapi as unknown as Json;
    } catch (error) {
      throw new UnreadableInput(`${file} is a Swagger 2.0 document that could not be converted: ${(error as Error).message}`);
    }
  }
  if (typeof document.openapi === 'string' && /^3\.[01]\./.test(document.openapi)) return document;
  throw new UnreadableInput(`${file} is not an OpenAPI 3.0/3.1 or Swagger 2.0 document (no "openapi: 3.x" or "swagger: 2.0" at its top)`);
}

function jsonSchemaOf(content: unknown): { contentType: string; schema: Json } | undefined {
  if (!content || typeof content !== 'object') return undefined;
  const entries = Object.entries(content as Record<string, { schema?: Json }>);
  const [type, media] = entries.find(([t]) => /json/i.test(t)) ?? entries.find(([t]) => /multipart/i.test(t)) ?? entries[0] ?? [];
  return type && media?.schema ? { contentType: type.split(';')[0], schema: media.schema } : undefined;
}

/** An OpenAPI document from a file or an http(s) URL, its operations with every `$ref` resolved. */
export async function readOpenApi(source: string): Promise<UpstreamOperation[]> {
  const file = sourceLabel(source);
  const document = await toOpenApi3(await readDocument(source), file);
  let resolved: Json;
  try {
    resolved = (await dereference(document as never, { dereference: { circular: 'ignore' } })) as unknown as Json;
  } catch (error) {
    throw new UnreadableInput(`${file} has references that do not resolve: ${(error as Error).message}`);
  }
  // Dereferencing puts the component's own object at each use, so the mark reaches every use.
  const components = ((resolved.components as Json | undefined)?.schemas ?? {}) as Record<string, unknown>;
  for (const [name, schema] of Object.entries(components)) if (schema && typeof schema === 'object') (schema as { [COMPONENT]?: string })[COMPONENT] = name;
  const paths = resolved.paths;
  if (!paths || typeof paths !== 'object') throw new UnreadableInput(`${file} has no paths`);
  const operations: UpstreamOperation[] = [];
  for (const [path, item] of Object.entries(paths as Record<string, Json>)) {
    for (const method of METHODS) {
      const operation = item?.[method.toLowerCase()] as Json | undefined;
      if (!operation) continue;
      const responses: Record<number, Json | null> = {};
      for (const [status, response] of Object.entries((operation.responses ?? {}) as Record<string, Json>)) {
        if (!/^\d{3}$/.test(status)) continue;
        responses[Number(status)] = jsonSchemaOf(response?.content)?.schema ?? null;
      }
      operations.push({
        method,
        path,
        tags: (operation.tags as string[] | undefined) ?? [],
        summary: String(operation.summary ?? ''),
        operationId: operation.operationId as string | undefined,
        request: jsonSchemaOf((operation.requestBody as Json | undefined)?.content),
        responses,
      });
    }
  }
  return operations;
}
