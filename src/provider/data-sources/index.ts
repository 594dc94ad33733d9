// provider/data-sources/: the konnect_* data sources, one file each, and what the control plane
// pair shares (control-plane-query.ts). To add one, write its file and append it below.
import type { AnyDataSource } from '../../framework/index.js';
import type { KonnectProviderData } from '../provider-data.js';
import { gatewayControlPlaneListDataSource } from './gateway-control-plane-list.js';
import { gatewayControlPlaneDataSource } from './gateway-control-plane.js';

/** Every data source type the provider serves. */
export function konnectDataSources(): AnyDataSource<KonnectProviderData>[] {
  return [gatewayControlPlaneDataSource(), gatewayControlPlaneListDataSource()];
}
