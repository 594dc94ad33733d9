// Extracts from Konnect's control-planes-config OpenAPI the request-body schemas of the core-entity
// endpoints the mock serves (verbatim subtrees, with the components they reference). See README.md.
const Y = require('yaml');
const fs = require('fs');
const src = process.argv[2];
const d = Y.parse(fs.readFileSync(src, 'utf8'));
const served = /^\/control-planes\/\{controlPlaneId\}\/core-entities\/(services|routes|consumers|consumer_groups|plugins|key-auths)(\/\{[A-Za-z]+\}(\/(plugins|routes|key-auth|consumers|consumer_groups)(\/\{[A-Za-z]+\})?)?)?$/;
const paths = {};
const need = new Set();
const walk = (node) => {
  if (Array.isArray(node)) return node.forEach(walk);
  if (node && typeof node === 'object') {
    if (typeof node.$ref === 'string') {
      const name = node.$ref.replace('#/components/schemas/', '');
      if (!need.has(name)) { need.add(name); walk(d.components.schemas[name]); }
    }
    Object.values(node).forEach(walk);
  }
};
for (const [p, ops] of Object.entries(d.paths)) {
  if (!served.test(p)) continue;
  for (const [m, op] of Object.entries(ops)) {
    const schema = op.requestBody?.content?.['application/json']?.schema;
    if (!schema) continue;
    (paths[p] ??= {})[m] = { operationId: op.operationId, schema };
    walk(schema);
  }
}
const schemas = {};
for (const n of [...need].sort()) schemas[n] = d.components.schemas[n];
fs.writeFileSync(process.argv[3], JSON.stringify({ source: { info: d.info.title + ' ' + d.info.version, 'x-oas-source': d.info['x-oas-source'] }, paths, components: { schemas } }, null, 1) + '\n');
console.log(Object.keys(paths).length, 'paths', Object.keys(schemas));
