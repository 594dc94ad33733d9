// kong/: what makes the gateway look like Kong from outside — version, request ids, and the
// bodies/headers of the responses it makes itself.
export { KONG_VERSION, SERVER, VIA } from './version.js';
export { CORE_MESSAGES, sendCoreError, sendPluginError, sendPluginMessage, sendPluginText, type GatewayResponseContext } from './responses.js';
export { nextRequestId } from './request-id.js';
export { writeSocketError } from './socket-error.js';
