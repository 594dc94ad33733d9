// prometheus/: Kong's Prometheus plugin schema, defined once — the `config` attribute table and
// everything derived from it (validator, defaults, view, types). The registry
// (plugins/registry.ts) validates every source's prometheus entities with it; the gateway reads
// the validated config (src/gateway/metrics/ai-metrics.ts).
import type { CompiledSchema, RecordOf, Validation, ValueOf } from '../kong-schema/index.js';
import { compileSchema, describeFields, el, set, type AttributeView } from '../kong-schema/index.js';
import { pluginRecordFields } from '../plugins/record.js';
import { prometheusConfigRecord } from './config.js';

export { prometheusConfigRecord } from './config.js';

/** Kong's `typedefs.protocols`: prometheus also counts stream traffic (tcp, tls, udp). */
export const PROMETHEUS_PROTOCOLS = ['grpc', 'grpcs', 'http', 'https', 'tcp', 'tls', 'tls_passthrough', 'udp', 'ws', 'wss'] as const;
const PROTOCOLS_DEFAULT = ['grpc', 'grpcs', 'http', 'https'] as const;

/** The plugin record with this config; `protocols` any of Kong's, default grpc/grpcs/http/https. */
export const prometheusPluginFields = pluginRecordFields(prometheusConfigRecord).map((f) =>
  f.name === 'protocols'
    ? set('protocols', el.str({ enum: PROMETHEUS_PROTOCOLS }), {
        required: true,
        default: PROTOCOLS_DEFAULT,
        description: 'A set of strings representing protocols. Default: ["grpc","grpcs","http","https"]',
      })
    : f,
) as unknown as ReturnType<typeof pluginRecordFields<typeof prometheusConfigRecord>>;

/** A validated, defaults-filled prometheus `config`. */
export type PrometheusConfig = ValueOf<typeof prometheusConfigRecord>;
export type PrometheusPlugin = RecordOf<typeof prometheusPluginFields>;

export const prometheusPluginSchema: CompiledSchema<PrometheusPlugin> = compileSchema<PrometheusPlugin>(prometheusPluginFields);
export const prometheusConfigSchema: CompiledSchema<PrometheusConfig> = compileSchema<PrometheusConfig>(prometheusConfigRecord.fields);

/** Validate a whole plugin entity; errors rooted at the entity, as Kong's 400 body names them. */
export function validatePrometheusPlugin(plugin: unknown): Validation<PrometheusPlugin> {
  return prometheusPluginSchema.validate(plugin);
}

export const prometheusConfigView: readonly AttributeView[] = describeFields(prometheusConfigRecord.fields, 'config');
