// tfplugin/: the plugin-protocol bridge. Owns everything protobuf and gRPC: the go-plugin
// handshake, AutoMTLS, the tfplugin6 service and go-plugin's services. Exposes plain types
// (./types) and the ProviderServer interface that src/framework and src/provider implement.
export * from './types/index.js';
export { serve, type ServeOptions } from './serve.js';
// precomputed.ts's encoder loads protobufjs: build scripts import it from there, not through here.
export type { PrecomputedAnswers } from './precomputed.js';
export {
  MAGIC_COOKIE_KEY,
  MAGIC_COOKIE_VALUE,
  NOT_A_PROGRAM_MESSAGE,
  formatHandshakeLine,
  parseHandshakeLine,
  negotiateProtocolVersion,
  type HandshakeLine,
} from './handshake/go-plugin-handshake.js';
export { reattachValue, type ReattachConfig } from './handshake/reattach.js';
export { createSelfSignedCertificate, type Curve, type SelfSignedCertificate } from './tls/self-signed.js';
export { attributePathFromProto, attributePathToProto } from './attribute-path-proto.js';
