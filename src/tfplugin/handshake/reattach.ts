// --debug: the TF_REATTACH_PROVIDERS value a developer exports so terraform attaches to an
// already running provider (plaintext, "Test": true so protocol 6 is honoured and the process
// is not killed by terraform).

export interface ReattachConfig {
  readonly Protocol: 'grpc';
  readonly ProtocolVersion: 6;
  readonly Pid: number;
  readonly Test: true;
  readonly Addr: { readonly Network: 'tcp' | 'unix'; readonly String: string };
}

export function reattachValue(providerAddress: string, address: string, pid: number): string {
  const config: Record<string, ReattachConfig> = {
    [providerAddress]: { Protocol: 'grpc', ProtocolVersion: 6, Pid: pid, Test: true, Addr: { Network: 'tcp', String: address } },
  };
  return JSON.stringify(config);
}

export function reattachInstructions(providerAddress: string, address: string, pid: number): string {
  return (
    'Provider started in debug mode. To attach Terraform, run this in the shell where you run terraform:\n\n' +
    `\texport TF_REATTACH_PROVIDERS='${reattachValue(providerAddress, address, pid)}'\n\n` +
    'Terraform then uses this process instead of launching its own; stop it with Ctrl-C.\n'
  );
}
