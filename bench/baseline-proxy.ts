// The benchmark's baseline only: the smallest useful node:http + undici pass-through proxy
// (no routing, no plugins). Usage: tsx bench/baseline-proxy.ts <upstream origin>
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'undici';

const pool = new Pool(process.argv[2]!, { connections: 256 });
const server = createServer(async (req, res) => {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const headers = { ...req.headers };
  delete headers.host;
  delete headers.connection;
  try {
    const up = await pool.request({ method: 'POST', path: req.url!, headers, body: Buffer.concat(chunks) });
    const out = { ...up.headers };
    delete out.connection;
    delete out['keep-alive'];
    delete out['transfer-encoding'];
    res.writeHead(up.statusCode, out);
    for await (const c of up.body) res.write(c);
    res.end();
  } catch {
    res.writeHead(502).end();
  }
});
server.listen(0, '127.0.0.1', () => process.stdout.write(`baseline listening on http://127.0.0.1:${(server.address() as AddressInfo).port}\n`));
