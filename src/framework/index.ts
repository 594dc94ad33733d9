// framework/: a small provider framework with no Konnect in it — the declarative schema DSL
// (from which the tfplugin6 schema, config validation, plan defaults/unknowns/modifiers, value
// redaction and docs derive), the Resource/Provider interfaces, and the lifecycle engine that
// serves them as the bridge's ProviderServer (server/<rpc>.ts, one file per RPC).
export { attr, type AttributeSpec, type AttributeOptions, type Attributes, type SchemaSpec } from './schema/attribute.js';
export { useStateForUnknown, requiresReplace, requiresReplaceIfConfigured, type PlanModifier, type PlanModifierRequest, type PlanModifierResponse } from './schema/plan-modifier.js';
export { validate, type Validator } from './schema/validator.js';
export { compileSchema, type CompiledSchema, type CompiledAttribute, type CompiledObject } from './schema/compile.js';
export { toTfpluginSchema } from './schema/to-tfplugin.js';
export { attributesFromTable, attributeFromTable, ctyOf as ctyOfTableElement, validatorsOf as tableValidators, type TableAttribute, type TableRules } from './schema/from-table.js';
export { redactForLog } from './schema/redact.js';
export { renderPage, type PageInput } from './docs/markdown.js';
export { toJs, fromJs, overlayKnown, withoutUnknowns, type JsValue, type JsObject } from './values.js';
export type * from './resource.js';
export type * from './data-source.js';
export type { Provider, ConfigureRequest } from './provider.js';
export { FrameworkServer } from './server/framework-server.js';
export { planFromSchema } from './plan/plan.js';
export { mergeApplied } from './plan/apply-result.js';
