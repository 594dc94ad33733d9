// Where the committed OpenAPI extract lives, and its shape as the generator reads it.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const EXTRACT_PATH = fileURLToPath(new URL('./konnect-openapi.extract.json', import.meta.url));

export type OpenApiSchema = Record<string, unknown>;

export interface ExtractOperation {
  readonly path: string;
  readonly method: string;
  /** `GatewayPluginPrometheus#create` */
  readonly resource: string;
  readonly body?: string;
  readonly status?: number;
}

export interface Extract {
  readonly parameters: Record<string, OpenApiSchema>;
  readonly operations: readonly ExtractOperation[];
  readonly schemas: Record<string, OpenApiSchema>;
}

export function readExtract(): Extract {
  return JSON.parse(readFileSync(EXTRACT_PATH, 'utf8')) as Extract;
}
