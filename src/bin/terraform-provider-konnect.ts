// Entry point Terraform executes (through bin/terraform-provider-konnect). Everything heavy is
// loaded lazily by serve(); the provider implementation loads right after the handshake line.
import { serve } from '../tfplugin/index.js';

void serve({
  providerAddress: 'registry.terraform.io/kong/konnect',
  create: async (log) => {
    const { KonnectProvider } = await import('../provider/index.js');
    return new KonnectProvider({ log });
  },
}).catch((err: unknown) => {
  // Before the handshake nothing else can report it; the name only, messages may quote input.
  process.stderr.write(`terraform-provider-konnect: failed to start (${err instanceof Error ? err.name : typeof err})\n`);
  process.exit(1);
});
