// Configuration checks of konnect_gateway_plugin_ai_proxy beyond the per-attribute ones: Kong's
// cross-field rules, the seed's
// `header_value = "Bearer var.huggingface_token"` (HCL does not interpolate outside ${…}, so the
// literal text would be sent as the token); the write-only rules are every secret's
// (write-only-secrets.ts). Messages
// never repeat a value that could be a secret.
import { AttributePath, type Diagnostics } from '../../common/index.js';
import { isUnknown } from '../../cty/index.js';
import type { JsObject, JsValue } from '../../framework/index.js';
import { aiProxyPluginSchema } from '../../schemas/index.js';
import { checkEntityRules } from './entity-rules.js';
import { HEADER_VALUE_WO, HEADER_VALUE_WO_VERSION } from './gateway-plugin-ai-proxy-schema.js';

const AUTH = AttributePath.of('config', 'auth');

/** `var.name` as literal text; the capture is the variable name. */
const LITERAL_VAR = /var\.([A-Za-z_][A-Za-z0-9_-]*)/;
/** Values made only of a scheme word and a `var.` reference, safe to quote back. */
const QUOTABLE = /^((?:[A-Za-z]+ )?)var\.([A-Za-z_][A-Za-z0-9_-]*)$/;

const set = (v: JsValue | undefined): boolean => v !== null && v !== undefined;

function authOf(config: JsObject): Record<string, JsValue | undefined> | undefined {
  const c = config.config;
  if (typeof c !== 'object' || c === null || Array.isArray(c) || isUnknown(c)) return undefined;
  const a = (c as Record<string, JsValue | undefined>).auth;
  if (typeof a !== 'object' || a === null || Array.isArray(a) || isUnknown(a)) return undefined;
  return a as Record<string, JsValue | undefined>;
}

/** A warning when header_value holds the literal text `var.x` instead of `${var.x}`. */
export function checkLiteralVariable(auth: Record<string, JsValue | undefined>, diags: Diagnostics): void {
  const v = auth.header_value;
  if (typeof v !== 'string') return;
  const m = LITERAL_VAR.exec(v);
  if (!m) return;
  const name = m[1]!;
  const quoted = QUOTABLE.exec(v);
  const suggestion = quoted ? `"${quoted[1]}\${var.${name}}"` : `"\${var.${name}}" inside the string`;
  const example = quoted ? quoted[1]! : 'Bearer ';
  diags.addAttributeWarning(
    AUTH.attr('header_value'),
    `header_value contains the literal text "var.${name}"`,
    `Terraform only substitutes variables inside \${…}, so Konnect would receive the text "var.${name}" instead of the variable's value. ` +
      `Write ${suggestion}, e.g.\n\n    header_value = "${example}\${var.${name}}"\n\n` +
      `and pass the value with export TF_VAR_${name}=<value>. To keep it out of the state as well, use ` +
      `header_value_wo = "${example}\${var.${name}}" with header_value_wo_version = 1 (Terraform 1.11 or later).`,
  );
}

/** The entity Konnect will get, for Kong's rules: header_value_wo is sent as header_value. */
function asEntity(withDefaults: JsObject): JsObject {
  const auth = authOf(withDefaults);
  const wo = auth?.[HEADER_VALUE_WO];
  if (!auth || !set(wo) || set(auth.header_value)) return withDefaults;
  const config = withDefaults.config as JsObject;
  return { ...withDefaults, config: { ...config, auth: { ...auth, header_value: wo } as JsObject } };
}

/**
 * Every check beyond the per-attribute ones (enums, ranges, lengths come from the table through
 * the schema's validators): the seed's literal `var.`, then Kong's
 * cross-field rules of the ai-proxy plugin (src/schemas' compiled checks), unknowns skipped.
 */
export function checkAiProxyConfig(config: JsObject, withDefaults: JsObject, diags: Diagnostics): void {
  const auth = authOf(config);
  if (auth) {
    checkLiteralVariable(auth, diags);
  }
  checkEntityRules(aiProxyPluginSchema.checks, asEntity(withDefaults), diags);
}
