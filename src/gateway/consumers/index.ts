// consumers/: who sent a request — key-auth identification (Kong's key-auth semantics and 401
// bodies) and consumer-group membership, compiled per snapshot. The proxy's consumer stage
// and `explain` both use this; plugin choice for the identified consumer is plugins/precedence.
export { compileConsumerIndex, type ConsumerIndex } from './consumer-index.js';
export { identifyByKeyAuth, type KeyAuthConfig, type KeyAuthOutcome, type KeyAuthRequest } from './key-auth.js';
