// Entry point Terraform executes (through bin/terraform-provider-konnect). Everything heavy is
// loaded lazily by serve(); the provider implementation loads right after the handshake line.
import { serve } from '../tfplugin/index.js';

void serve({
  providerAddress: 'registry.terraform.io/kong/konnect',
  create: async (log) => {
    const { KonnectProvider } = await import('../provider/index.js');
    return new KonnectProvider({ log });
  },
});
