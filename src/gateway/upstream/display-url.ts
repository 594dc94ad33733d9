// The upstream URL as logs and `explain` show it: never a credential. User info is dropped and
// every query value is replaced by "…" (the query can carry a key-auth key the client sent or
// an ai-proxy auth param_value); the names stay so the shape of the call can be read. `marked`
// names one parameter whose value is shown as a fixed text instead (explain's `<redacted>` for
// the credential the driver adds), never its value.
export function displayUrl(origin: string, pathAndQuery: string, marked?: { readonly name: string; readonly text: string }): string {
  let base = origin;
  try {
    const u = new URL(origin);
    u.username = '';
    u.password = '';
    base = `${u.protocol}//${u.host}`;
  } catch {
    base = origin.replace(/\/\/[^/@]*@/, '//');
  }
  const q = pathAndQuery.indexOf('?');
  if (q < 0) return base + pathAndQuery;
  const query = pathAndQuery
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq < 0) return pair;
      const name = pair.slice(0, eq);
      return marked !== undefined && decodeName(name) === marked.name ? `${name}=${marked.text}` : `${name}=…`;
    })
    .join('&');
  return `${base}${pathAndQuery.slice(0, q)}?${query}`;
}

function decodeName(name: string): string {
  try {
    return decodeURIComponent(name.replaceAll('+', ' '));
  } catch {
    return name;
  }
}
