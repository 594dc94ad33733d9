// kong-schema/: the machinery every Kong schema in src/schemas is written with — the field
// vocabulary (attribute tables), value-type inference, Kong's default filling, the zod
// validator with Kong's field texts, entity checks, Kong's error tree, and a read-only view.
export * from './field.js';
export type { FieldValue, RecordOf, ValueOf } from './infer.js';
export { fillRecord, fillDefaultsFor, isPlainObject } from './defaults.js';
export { checkUrl, splitUrl, type UrlParts } from './url.js';
export { fieldSchema, recordSchema } from './to-zod.js';
export {
  type ErrorNode,
  type ErrorTree,
  addEntityError,
  errorList,
  flattenErrors,
  schemaViolationMessage,
  setError,
  subtreeAt,
  treeFromIssues,
} from './error-tree.js';
export { type EntityCheck, type CheckFailure, checkFailure, checkReads, getPath, runEntityChecks } from './entity-checks.js';
export { type CheckGroup, type CompiledSchema, type Validation, compileSchema } from './validate.js';
export { type AttributeView, type ElementType, type TerraformMode, describeFields, flattenViews, terraformMode } from './view.js';
