// Plugin credentials that only a shell would have filled in. The seed's KIC manifests write
// `header_value: Bearer $HUGGINGFACE_TOKEN` inside `echo "…" | kubectl apply -f -`, where the shell
// expands it; the same text saved to a file (or a quoted heredoc) reaches Kong as the literal
// `$HUGGINGFACE_TOKEN`, and an unset variable leaves `Bearer ` with nothing after it. Either way the
// upstream gets a useless credential and answers 401. The warnings name the plugin and the field,
// and print a variable name only when the value is nothing but that reference (conventional
// UPPER_CASE name) — never any other part of the value, which may be a real secret.

/** The credential fields checked, as paths under the plugin's `config`. */
const FIELDS = [
  ['auth', 'header_value'],
  ['auth', 'param_value'],
] as const;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `$NAME` or `${NAME}`, alone or after an auth scheme word ("Bearer $NAME"). */
const REFERENCE = /^(?:[A-Za-z]+\s+)?(\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*))$/;
const BARE_SCHEME = /^(Bearer|Basic|Token)\s*$/i;
const CONVENTIONAL = /^[A-Z_][A-Z0-9_]*$/;

function problem(value: string): string | undefined {
  const text = value.trim();
  if (text === '') return 'is empty';
  const scheme = BARE_SCHEME.exec(text);
  if (scheme)
    return `is "${scheme[1]} " with nothing after it — a shell expanded an unset or empty variable there; export it (e.g. export HUGGINGFACE_TOKEN=…) and apply the manifest again`;
  const ref = REFERENCE.exec(text);
  if (ref) {
    const name = ref[2] ?? ref[3]!;
    const shown = CONVENTIONAL.test(name) ? ` ${ref[1]}` : ' a shell variable reference';
    return `holds the literal text${shown}, which only a shell expands (kubectl and this gateway do not), so the upstream would receive it instead of the credential; expand it before applying (e.g. envsubst < manifest.yaml), or keep the credential in a Secret and set the field with configPatches`;
  }
  if (/\$\{?[A-Za-z_][A-Za-z0-9_]*\}?/.test(text) && !/\$\{?[a-z]/.test(text))
    return 'holds a $NAME shell variable reference, which only a shell expands, so the upstream would receive it as text; expand it before applying, or keep the credential in a Secret and set the field with configPatches';
  return undefined;
}

/** One warning per credential field that looks unexpanded; `label` names the plugin object. */
export function unexpandedCredentialWarnings(label: string, config: Readonly<Record<string, unknown>>): string[] {
  const out: string[] = [];
  for (const path of FIELDS) {
    let node: unknown = config;
    for (const key of path) node = isObject(node) ? node[key] : undefined;
    if (typeof node !== 'string') continue;
    const p = problem(node);
    if (p) out.push(`${label}: config.${path.join('.')} ${p}`);
  }
  return out;
}
