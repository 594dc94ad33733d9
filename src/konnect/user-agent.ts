// The User-Agent every Konnect call carries: this provider, its version, and the runtime.
// BUILD_VERSION is injected by scripts/build.mjs; source runs (tests) fall back to package.json's.

export const PROVIDER_NAME = 'terraform-provider-konnect-ts';

export function providerVersion(): string {
  return process.env.BUILD_VERSION ?? '0.1.0';
}

export function defaultUserAgent(version = providerVersion()): string {
  return `${PROVIDER_NAME}/${version} (kong/konnect compatible; node/${process.versions.node})`;
}
