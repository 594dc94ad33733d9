// Calls to the (mock) Konnect API for the matrix: create entities, list them, and complete a
// control plane with the environment every scope is exercised in (service hf, route hf-route at
// /hf with key-auth, consumer alice with key alice-key, member of group gold) — creating only
// what is missing, so the Terraform examples keep their own objects.
import assert from 'node:assert/strict';

export class KonnectApi {
  constructor(
    readonly url: string,
    private readonly token: string,
  ) {}

  async call<T = { id: string; name?: string; username?: string }>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${this.token}` },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    assert.ok(res.status < 300, `${method} ${path}: ${res.status} ${text}`);
    return (text ? JSON.parse(text) : {}) as T;
  }

  list(path: string): Promise<{ data: { id: string; name?: string; username?: string }[] }> {
    return this.call('GET', path);
  }

  async controlPlaneId(name: string): Promise<string> {
    const { data } = await this.list('/v2/control-planes?page[size]=100');
    const cp = data.find((c) => c.name === name);
    assert.ok(cp, `control plane ${name} exists`);
    return cp.id;
  }

  /** Completes the environment; returns the ids the seed's placeholders need. */
  async completeEnvironment(cpId: string, serviceHost: { host: string; port: number }): Promise<Record<string, string>> {
    const base = `/v2/control-planes/${cpId}/core-entities`;
    type Entity = { id: string };
    const first = async (kind: string): Promise<Entity | undefined> => (await this.list(`${base}/${kind}`)).data[0];
    const service: Entity = (await first('services')) ?? (await this.call('POST', `${base}/services`, { name: 'hf', ...serviceHost }));
    const route: Entity = (await first('routes')) ?? (await this.call('POST', `${base}/routes`, { name: 'hf-route', paths: ['/hf'], service: { id: service.id } }));
    await this.call('POST', `${base}/plugins`, { name: 'key-auth', route: { id: route.id } });
    const consumer: Entity = (await first('consumers')) ?? (await this.call('POST', `${base}/consumers`, { username: 'alice' }));
    await this.call('POST', `${base}/consumers/${consumer.id}/key-auth`, { key: 'alice-key' });
    const group: Entity = (await first('consumer_groups')) ?? (await this.call('POST', `${base}/consumer_groups`, { name: 'gold' }));
    await this.call('POST', `${base}/consumer_groups/${group.id}/consumers`, { consumer: consumer.id });
    return { controlPlaneId: cpId, serviceId: service.id, routeId: route.id, consumerId: consumer.id, consumerGroupId: group.id };
  }
}
