// The human-readable form of an explain report: what `ai-gateway explain` prints (JSON with
// --json, and GET /explain answers JSON). Plain text, one fact per line, the verdict first.
import { formatBalancer } from './balancer.js';
import type { ExplainReport, PluginRef } from './explain.js';

const named = (name: string | null, id: string) => (name ? `'${name}' (${id})` : id);

function scopeLine(p: PluginRef): string {
  const refs = Object.entries(p.refs).filter(([, v]) => v !== null).map(([k, v]) => `${k}=${v}`);
  const label = p.instance_name ? ` '${p.instance_name}'` : '';
  return `${p.id}${label} [${p.scope}${p.level ? `, level ${p.level}` : ''}]${refs.length ? ` ${refs.join(' ')}` : ''}`;
}

export function formatReport(r: ExplainReport): string {
  const lines: string[] = [];
  lines.push(`${r.request.method} ${r.request.path} (host ${r.request.host})`);
  lines.push(`  verdict:   ${r.verdict}`);
  lines.push(`  config:    ${r.source.kind} ${r.source.location}, revision ${r.source.revision}`);
  lines.push(
    `  route:     ${r.route ? `${named(r.route.name, r.route.id)} paths ${JSON.stringify(r.route.paths)}${r.route.service ? `, service ${named(r.route.service.name, r.route.service.id)}` : ', no service'}` : 'none matched'}`,
  );
  const a = r.authentication;
  lines.push(`  key-auth:  ${a.plugin ? `${scopeLine(a.plugin)}: ${a.result}${'message' in a && a.message ? ` — ${a.status} ${a.message} (${a.reason})` : ''}` : a.result}`);
  lines.push(`  consumer:  ${r.consumer ? named(r.consumer.username ?? r.consumer.custom_id, r.consumer.id) : 'none'}`);
  lines.push(`  groups:    ${r.consumerGroups.length ? r.consumerGroups.map((g) => named(g.name, g.id)).join(', ') : 'none'}`);
  lines.push(`  ai-proxy:  ${r.aiProxy ? `${r.aiProxy.name === 'ai-proxy' ? '' : `${r.aiProxy.name} `}${scopeLine(r.aiProxy)} from ${r.aiProxy.source}` : 'none'}`);
  if (r.balancer) lines.push(...formatBalancer(r.balancer));
  for (const p of r.prompts) lines.push(`  ${p.name === 'ai-prompt-guard' ? 'guard:    ' : 'decorator:'} ${scopeLine(p)}: ${p.effect}`);
  const u = r.upstream;
  lines.push(`  upstream:  ${u ? `${u.method} ${u.url} (connect_timeout ${u.connect_timeout} ms, write_timeout ${u.write_timeout} ms, read_timeout ${u.read_timeout} ms)` : 'none'}`);
  if (u?.driver) lines.push(`  driver:    ${u.driver}; credential: ${u.auth}`);
  if (r.prometheus) lines.push(`  prometheus: ${scopeLine(r.prometheus)} counts it (${r.prometheus.metrics.length ? r.prometheus.metrics.join(', ') : 'every metric flag off'})`);
  if (r.candidates.length) {
    lines.push(`  other ai-proxy / ai-proxy-advanced instances (${r.candidates.length}):`);
    for (const c of r.candidates) lines.push(`    - ${c.name === 'ai-proxy' ? '' : `${c.name} `}${scopeLine(c)}: ${c.reason}`);
  }
  if (r.unsupported.length) {
    lines.push(`  plugins this gateway does not run (${r.unsupported.length}):`);
    for (const u of r.unsupported) lines.push(`    - ${u.name} ${scopeLine(u)}: ${u.reason}`);
  }
  if (r.notAttached.length) {
    lines.push(`  not attached (${r.notAttached.length}):`);
    for (const u of r.notAttached) {
      lines.push(`    - ${u.object} (plugin ${u.plugin}): ${u.reason}; attach it with`);
      u.fix.forEach((f, i) => lines.push(`        ${i === 0 ? '' : 'or '}${f}`));
    }
  }
  return lines.join('\n');
}
