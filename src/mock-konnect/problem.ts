// Konnect platform API errors: `application/problem+json` with status, title, instance, detail
// (+ invalid_parameters for 400), as in the control-planes spec's examples.
import { randomInt } from 'node:crypto';

export interface InvalidParameter {
  readonly field: string;
  readonly reason: string;
  readonly rule?: string;
}

export interface Problem {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthenticated',
  403: 'Permission denied',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function problem(status: number, detail: string, invalid?: readonly InvalidParameter[]): Problem {
  const body: Record<string, unknown> = {
    status,
    title: TITLES[status] ?? 'Error',
    instance: `konnect:trace:${randomInt(1, 2 ** 47)}${randomInt(100000, 999999)}`,
    detail,
  };
  if (status === 400) body.invalid_parameters = invalid ?? [];
  return { status, body };
}
