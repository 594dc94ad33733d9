// resource-tables/: the Terraform resource tables generated from the official provider's
// OpenAPI (scripts/openapi/generate.ts writes generated/), and their shape (table.ts). The
// provider builds the plugin and credential resources from them.
export type { ResourceOperation, ResourceTable, TableAttr, TableElement, TableType } from './table.js';
export { GENERATED_TABLES } from './generated/index.js';
