// resource-tables/: the Terraform resource tables generated from the official provider's
// OpenAPI (scripts/openapi/generate.ts writes generated/), and their shape (table.ts). The
// provider builds the plugin and credential resources from them. Imported directly (not through
// src/schemas/index.ts), so the tables stay out of the mock Konnect's and the gateway's bundles;
// generated/all.ts (every table, ~2 MB) is for tests only.
export type { ResourceOperation, ResourceTable, TableAttr, TableElement, TableType } from './table.js';
export { GENERATED_TABLES } from './generated/index.js';
