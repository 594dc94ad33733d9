// How a matched request path becomes the upstream path: `strip_path` removes the matched part,
// `path_handling` v0 joins the service path and the rest with one slash (reference section 2:
// service `/s`, route `/tv0`, request `/tv0/req` → `/s/req`); v1 joins them as they are.
export function strippedPath(path: string, matchedLength: number, strip: boolean): string {
  if (!strip || matchedLength === 0) return path;
  const rest = path.slice(matchedLength);
  return rest === '' ? '/' : rest.charCodeAt(0) === 47 ? rest : `/${rest}`;
}

export function joinServicePath(servicePath: string | null, rest: string, handling: 'v0' | 'v1'): string {
  const sp = servicePath ?? '/';
  if (sp === '/' || sp === '') return rest;
  if (handling === 'v1') return sp.endsWith('/') && rest.startsWith('/') ? sp + rest.slice(1) : sp + rest;
  if (rest === '/') return sp;
  return sp.endsWith('/') ? sp + rest.slice(1) : sp + rest;
}
