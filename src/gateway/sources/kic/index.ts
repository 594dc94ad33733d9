// sources/kic/: Kong Ingress Controller manifests as a configuration source — KongPlugin,
// KongClusterPlugin, Secret, Service, Ingress, HTTPRoute (with Gateway, GatewayClass), KongConsumer,
// KongConsumerGroup — translated into Kong entities the way KIC would, with KIC's error texts.
export { KicSource, STDIN_PATH, type KicSourceOptions, type PluginPreparer } from './source.js';
export { translateManifests, type KicEntities, type KicResult } from './translate.js';
export { loadManifests, parseManifests, readAll, type Manifest } from './manifests.js';
