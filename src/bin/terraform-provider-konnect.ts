// Entry point Terraform executes (through bin/terraform-provider-konnect). Everything heavy is
// loaded lazily by serve(); the provider implementation loads right after the handshake line.
import { serve } from '../tfplugin/index.js';

void serve({
  providerAddress: 'registry.terraform.io/kong/konnect',
  create: async (log) => {
    const { KonnectProvider } = await import('../provider/index.js');
    // bench/handshake.bench.ts's "before" column: undici and zod loaded with the implementation,
    // as they were until they became lazy (first Konnect call, first validator built).
    if (process.env.KONNECT_BENCH_EAGER_DEPS === '1') {
      const [{ sharedDispatcher }, { fieldSchema }] = await Promise.all([import('../konnect/index.js'), import('../schemas/index.js')]);
      sharedDispatcher();
      fieldSchema({ type: 'boolean' });
    }
    return new KonnectProvider({ log });
  },
}).catch((err: unknown) => {
  // Before the handshake nothing else can report it; the name only, messages may quote input.
  process.stderr.write(`terraform-provider-konnect: failed to start (${err instanceof Error ? err.name : typeof err})\n`);
  process.exit(1);
});
