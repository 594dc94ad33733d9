// resource-tables/: the Terraform resource tables generated from the official provider's
// OpenAPI (scripts/openapi/generate.ts writes generated/), and their shape (table.ts). The
// provider builds the plugin and credential resources from them. Imported directly (not through
// src/schemas/index.ts), so the tables stay out of the mock Konnect's and the gateway's bundles.
// Each table is built on first use (lazyTable): GENERATED_TABLES maps a type name to its builder.
import type { ResourceTable } from './table.js';
import { GENERATED_TABLES } from './generated/index.js';

export type { ResourceOperation, ResourceTable, TableAttr, TableElement, TableType } from './table.js';
export { lazyTable } from './table.js';
export { GENERATED_TABLES };

/** The generated table of `typeName` (built now if it was not yet), or undefined. */
export function generatedTable(typeName: string): ResourceTable | undefined {
  return GENERATED_TABLES.get(typeName)?.();
}

/** Every generated table, sorted by type name (builds them all: tests and build-time scripts). */
export function allGeneratedTables(): ResourceTable[] {
  return [...GENERATED_TABLES.keys()].sort().map((n) => GENERATED_TABLES.get(n)!());
}
