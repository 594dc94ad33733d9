import { test } from 'node:test';
import assert from 'node:assert/strict';
import { aiProxyPluginView, aiProxyConfigView } from './index.js';
import { flattenViews } from '../kong-schema/index.js';
import { diffWithOfficial, officialResource } from '../testdata/official-schema.js';

test('the table covers the official konnect_gateway_plugin_ai_proxy schema attribute by attribute', () => {
  const official = officialResource('konnect_gateway_plugin_ai_proxy');
  delete official.control_plane_id; // the provider's own attribute, not part of the plugin entity
  assert.deepEqual(diffWithOfficial(aiProxyPluginView, official), []);
});

test('the view marks secrets and carries enums in Kong order, defaults and bounds', () => {
  const flat = new Map(flattenViews(aiProxyConfigView).map((v) => [v.path, v]));
  const sensitive = [...flat.values()].filter((v) => v.sensitive).map((v) => v.path).sort();
  assert.deepEqual(sensitive, [
    'config.auth.aws_secret_access_key',
    'config.auth.azure_client_secret',
    'config.auth.gcp_service_account_json',
    'config.auth.header_value',
    'config.auth.param_value',
  ]);
  assert.deepEqual(flat.get('config.response_streaming')?.enum, ['allow', 'deny', 'always']);
  assert.equal(flat.get('config.max_request_body_size')?.default, 1048576);
  assert.equal(flat.get('config.max_request_body_size')?.type, 'integer');
  assert.deepEqual(flat.get('config.model.options.temperature')?.between, [0, 5]);
  assert.equal(flat.get('config.model.options.upstream_url')?.typedef, 'url');
  assert.equal(flat.get('config.route_type')?.required, true);
  assert.ok(Object.isFrozen(aiProxyConfigView));
});
