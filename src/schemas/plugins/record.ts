// The plugin entity's own fields, shared by every plugin (ai-proxy.md 1.1 and 8): scoping
// foreign keys, protocols (a set, per-plugin default), enabled, tags, instance_name, ordering,
// partials, condition — with each plugin's `config` record slotted in.
import type { RecordField } from '../kong-schema/index.js';
import { arr, bool, el, foreign, int, rec, set, str } from '../kong-schema/index.js';

/** Kong 3.11+'s `typedefs.protocols_http` (the official provider's default). */
export const HTTP_PROTOCOLS = ['grpc', 'grpcs', 'http', 'https', 'ws', 'wss'] as const;

const access = (name: 'after' | 'before') =>
  rec(name, [arr('access', el.str(), { tf: { computed: true } })] as const);

export function pluginRecordFields<const C extends RecordField & { readonly name: 'config' }>(config: C) {
  return [
    str('id', {
      typedef: 'uuid',
      tf: { computed: true },
      description: 'A string representing a UUID (universally unique identifier).',
    }),
    str('name', { required: true, tf: { omit: true } }),
    str('instance_name', { description: 'A unique string representing a UTF-8 encoded name.' }),
    int('created_at', { tf: { computed: true }, description: 'Unix epoch when the resource was created.' }),
    int('updated_at', { tf: { computed: true }, description: 'Unix epoch when the resource was last updated.' }),
    foreign('route', {
      description:
        'If set, the plugin will only activate when receiving requests via the specified route. Leave unset for the plugin to activate regardless of the route being used.',
    }),
    foreign('service', {
      description:
        'If set, the plugin will only activate when receiving requests via one of the routes belonging to the specified Service. Leave unset for the plugin to activate regardless of the Service being matched.',
    }),
    foreign('consumer', {
      description:
        'If set, the plugin will activate only for requests where the specified has been authenticated. (Note that some plugins can not be restricted to consumers this way.). Leave unset for the plugin to activate regardless of the authenticated Consumer.',
    }),
    foreign('consumer_group', {
      description:
        'If set, the plugin will activate only for requests where the specified consumer group has been authenticated. (Note that some plugins can not be restricted to consumers groups this way.). Leave unset for the plugin to activate regardless of the authenticated Consumer Groups',
    }),
    config,
    set('protocols', el.str({ enum: HTTP_PROTOCOLS }), {
      required: true,
      default: HTTP_PROTOCOLS,
      description:
        'A list of the request protocols that will trigger this plugin. The default value, as well as the possible values allowed on this field, may change depending on the plugin type. For example, plugins that only work in stream mode will only support tcp and tls. Default: ["grpc","grpcs","http","https","ws","wss"]',
    }),
    bool('enabled', { required: true, default: true, description: 'Whether the plugin is applied. Default: true' }),
    arr('tags', el.str(), {
      description: 'An optional set of strings associated with the Plugin for grouping and filtering.',
    }),
    rec('ordering', [access('after'), access('before')] as const),
    arr(
      'partials',
      el.rec([
        str('id', {
          typedef: 'uuid',
          tf: { computed: true },
          description: 'A string representing a UUID (universally unique identifier).',
        }),
        str('name', { tf: { computed: true }, description: 'A unique string representing a UTF-8 encoded name.' }),
        str('path', { tf: { computed: true }, description: 'Not Null' }),
      ] as const),
      { description: 'A list of partials to be used by the plugin.' },
    ),
    str('condition', {
      lenMax: 1024,
      description:
        'An expression used for conditional control over plugin execution. If the expression evaluates to `true` during the request flow, the plugin is executed; otherwise, it is skipped.',
    }),
  ] as const;
}
