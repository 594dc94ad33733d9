// server/: a gateway instance (config source + proxy listener) in one process.
export { describeSnapshot, startGateway, type Gateway, type GatewayEvents } from './gateway.js';
