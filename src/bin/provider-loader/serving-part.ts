// The gRPC server, loaded right after the handshake line (scripts/build.mjs bundles it as
// dist/terraform-provider-konnect.serving.cjs): HTTP/2, TLS, the protobuf codecs and the tfplugin6
// and go-plugin services. Enough to answer GetProviderSchema (from precomputed bytes), which is
// all the first of the processes Terraform starts for a command does.
export { startServing } from '../../tfplugin/serving.js';
