// The Kong version this gateway presents itself as (Via, Server headers).
export const KONG_VERSION = '3.11.0.0';
export const VIA = `1.1 kong/${KONG_VERSION}`;
export const SERVER = `kong/${KONG_VERSION}`;
