// sources/konnect/: a Konnect control plane (or the mock Konnect) as a configuration source —
// the paginated core-entities lists, polling, atomic snapshot swaps, and a status object that
// says when the last good snapshot is being kept because Konnect is down or refuses the token.
export { KonnectSource, type KonnectSourceOptions, type KonnectSourceStatus } from './source.js';
export { fetchControlPlane, resolveControlPlane, type KonnectEntities } from './fetch.js';
