// key-auth's `config` record (Kong's kong/plugins/key-auth/schema.lua, 3.x): the attribute table.
import { arr, bool, el, rec, str } from '../kong-schema/index.js';

export const keyAuthConfigRecord = rec(
  'config',
  [
    arr('key_names', el.str(), {
      required: true,
      default: ['apikey'],
      description:
        'Describes an array of parameter names where the plugin will look for a key. The key names may only contain [a-z], [A-Z], [0-9], [_] underscore, and [-] hyphen.',
    }),
    bool('hide_credentials', {
      required: true,
      default: false,
      description:
        'An optional boolean value telling the plugin to show or hide the credential from the upstream service. If `true`, the plugin strips the credential from the request.',
    }),
    str('anonymous', {
      description:
        'An optional string (consumer UUID or username) value to use as an “anonymous” consumer if authentication fails. If empty (default null), the request will fail with an authentication failure `4xx`.',
    }),
    bool('key_in_header', {
      required: true,
      default: true,
      description: 'If enabled (default), the plugin reads the request header and tries to find the key in it.',
    }),
    bool('key_in_query', {
      required: true,
      default: true,
      description: 'If enabled (default), the plugin reads the query parameter in the request and tries to find the key in it.',
    }),
    bool('key_in_body', {
      required: true,
      default: false,
      description:
        'If enabled, the plugin reads the request body. Supported MIME types: `application/www-form-urlencoded`, `application/json`, and `multipart/form-data`.',
    }),
    bool('run_on_preflight', {
      required: true,
      default: true,
      description:
        'A boolean value that indicates whether the plugin should run (and try to authenticate) on `OPTIONS` preflight requests. If set to `false`, then `OPTIONS` requests are always allowed.',
    }),
    str('realm', {
      description:
        'When authentication fails the plugin sends `WWW-Authenticate` header with `realm` attribute value.',
    }),
  ] as const,
  { required: true },
);
