// konnect_gateway_plugin_ai_proxy's schema: the generated table (the official attributes) with
// what table-schema.ts adds to every resource — sensitive secrets, each with a write-only twin;
// here `config.auth.header_value_wo` and its rotation trigger `config.auth.header_value_wo_version`
// (Terraform ≥ 1.11) are the seed's.
import type { SchemaSpec } from '../../framework/index.js';
import { generatedTable, type ResourceTable } from '../../schemas/resource-tables/index.js';
import { schemaFromTable, woName, woVersionName } from './table-schema.js';

export const AI_PROXY_TYPE = 'konnect_gateway_plugin_ai_proxy';

/** Write-only alternative to config.auth.header_value: sent to Konnect, never in plan or state. */
export const HEADER_VALUE_WO = woName('header_value');
/** Changing it (any number) makes Terraform plan an update, which sends header_value_wo again. */
export const HEADER_VALUE_WO_VERSION = woVersionName('header_value');

/** The generated table (built on first call, as every table). */
export const aiProxyTable = (): ResourceTable => generatedTable(AI_PROXY_TYPE)!;
export const aiProxySchema = (): SchemaSpec => schemaFromTable(aiProxyTable());
