// Kong entity shapes, as Kong's Admin API and Konnect's core-entities API return them (every
// field present, unset ones null). One definition for the mock Konnect, the gateway's Admin API
// and config sources, and the provider's Konnect client. Defaults and validation live beside
// these types in this folder; nothing else restates them.

export interface ForeignKey {
  readonly id: string;
}

export interface Service {
  readonly id: string;
  readonly name: string | null;
  readonly protocol: string; // default "http"
  readonly host: string;
  readonly port: number; // default 80
  readonly path: string | null;
  readonly retries: number; // default 5
  readonly connect_timeout: number; // default 60000
  readonly write_timeout: number; // default 60000
  readonly read_timeout: number; // default 60000
  readonly tags: readonly string[] | null;
  readonly client_certificate: ForeignKey | null;
  readonly tls_verify: boolean | null;
  readonly tls_verify_depth: number | null;
  readonly ca_certificates: readonly string[] | null;
  readonly tls_sans?: { readonly dnsnames: readonly string[] | null; readonly uris: readonly string[] | null } | null;
  readonly enabled: boolean; // default true
  readonly created_at: number;
  readonly updated_at: number;
}

export interface Route {
  readonly id: string;
  readonly name: string | null;
  readonly protocols: readonly string[]; // default ["http","https"]
  readonly methods: readonly string[] | null;
  readonly hosts: readonly string[] | null;
  readonly paths: readonly string[] | null;
  readonly headers: Readonly<Record<string, readonly string[]>> | null;
  readonly https_redirect_status_code: number; // default 426
  readonly regex_priority: number; // default 0
  readonly strip_path: boolean; // default true
  readonly path_handling: 'v0' | 'v1'; // default "v0"
  readonly preserve_host: boolean; // default false
  readonly request_buffering: boolean; // default true
  readonly response_buffering: boolean; // default true
  readonly snis: readonly string[] | null;
  readonly sources: readonly unknown[] | null;
  readonly destinations: readonly unknown[] | null;
  readonly tags: readonly string[] | null;
  readonly service: ForeignKey | null;
  readonly created_at: number;
  readonly updated_at: number;
}

export interface Consumer {
  readonly id: string;
  readonly username: string | null;
  readonly custom_id: string | null;
  readonly tags: readonly string[] | null;
  readonly created_at: number;
  readonly updated_at: number;
}

export interface ConsumerGroup {
  readonly id: string;
  readonly name: string;
  readonly tags: readonly string[] | null;
  readonly created_at: number;
  readonly updated_at: number;
}

export interface ConsumerGroupMembership {
  readonly consumer_group: ForeignKey;
  readonly consumer: ForeignKey;
}

export interface KeyAuthCredential {
  readonly id: string;
  readonly key: string;
  readonly consumer: ForeignKey;
  readonly tags: readonly string[] | null;
  readonly ttl: number | null;
  readonly created_at: number;
}

export interface Plugin<C = Record<string, unknown>> {
  readonly id: string;
  readonly name: string;
  readonly instance_name: string | null;
  readonly config: C;
  readonly enabled: boolean; // default true
  readonly protocols: readonly string[];
  readonly service: ForeignKey | null;
  readonly route: ForeignKey | null;
  readonly consumer: ForeignKey | null;
  readonly consumer_group: ForeignKey | null;
  readonly tags: readonly string[] | null;
  readonly ordering: unknown | null;
  readonly partials: readonly unknown[] | null;
  readonly created_at: number;
  readonly updated_at: number;
}
