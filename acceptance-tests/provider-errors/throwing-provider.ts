// A provider built on src/framework and served by src/tfplugin (--debug, for TF_REATTACH_PROVIDERS)
// whose code throws, for acceptance-tests/provider-errors.test.ts. Its one resource, throwing_thing,
// throws from create according to `mode`:
//   "plain"   → a TypeError whose message carries $THROWING_SECRET (a bug quoting request data)
//   "konnect" → a KonnectError (a typed, safe error), whose message must be shown
// and `terraform import` throws a plain Error carrying the secret past the framework, into the bridge.
import { attr, FrameworkServer, type Provider, type Resource } from '../../src/framework/index.js';
import { KonnectError } from '../../src/konnect/index.js';
import { serve } from '../../src/tfplugin/index.js';

const SECRET = process.env.THROWING_SECRET ?? 'unset';

const thing: Resource = {
  typeName: 'throwing_thing',
  schema: () => ({ attributes: { id: attr.string({ computed: true }), mode: attr.string({ required: true }) } }),
  async create(req) {
    if (req.plan.mode === 'konnect') throw new KonnectError('KONNECT_ERR_SERVER', 'Konnect failed', { method: 'POST', path: '/v2/things', status: 500 });
    throw new TypeError(`cannot send "Authorization: Bearer ${SECRET}" for ${String(req.plan.mode)}`);
  },
  read: async (req) => req.state,
  update: async (req) => req.plan,
  delete: async () => {},
};

const provider: Provider = {
  typeName: 'throwing',
  version: '0.0.1',
  schema: () => ({ attributes: {} }),
  configure: async () => ({}),
  resources: () => [thing],
};

/** Throws outside the framework's guard, so that the bridge's handler catches it. */
class ThrowingServer extends FrameworkServer {
  override importResourceState = async (): Promise<never> => {
    throw new Error(`import failed with token ${SECRET}`);
  };
}

void serve({
  providerAddress: 'registry.terraform.io/test/throwing',
  serving: async () => (await import('../../src/tfplugin/serving.js')).startServing,
  create: (log) => new ThrowingServer(provider, log),
});
