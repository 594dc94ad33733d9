// Registry-style docs pages (the layout tfplugindocs writes) derived from a schema: a page per
// resource, one per data source and one for the provider, with Required / Optional / Read-Only sections and a
// "Nested Schema" section per nested attribute. Examples are passed in (examples/ files).
import { typeName, type CtyType } from '../../cty/index.js';
import type { CompiledAttribute, CompiledObject, CompiledSchema } from '../schema/compile.js';
import { toJs } from '../values.js';

export interface PageInput {
  /** "konnect_gateway_service" or the provider name. */
  readonly name: string;
  readonly kind: 'resource' | 'data-source' | 'provider';
  readonly schema: CompiledSchema;
  readonly exampleHcl?: string;
  readonly importSh?: string;
}

/** "String", "List of String", "Map of Number"… as tfplugindocs words them. */
function typeText(t: CtyType): string {
  return typeName(t).replace(/\b(string|number|bool)\b/g, (w) => w[0]!.toUpperCase() + w.slice(1));
}

function kindOf(a: CompiledAttribute): string {
  if (a.nested) return a.nesting === 'SINGLE' ? 'Attributes' : `Attributes ${a.nesting === 'LIST' ? 'List' : a.nesting === 'SET' ? 'Set' : 'Map'}`;
  return typeText(a.type).replace(/^./, (c) => c.toUpperCase());
}

function anchor(path: string): string {
  return `nestedatt--${path.replace(/\./g, '--')}`;
}

/** "Default: x" as the official descriptions write it: `true`, "text", 1048576; after a ";" or at the end of a sentence. */
const STATED_DEFAULT = /;?\s*Default: (`[^`]*`|"[^"]*"|[^\s.;]+)\.?(?=\s|$)/g;

function line(a: CompiledAttribute, path: string): string {
  const flags = [kindOf(a)];
  if (a.sensitive) flags.push('Sensitive');
  if (a.spec.writeOnly) flags.push('Write-only');
  if (a.spec.deprecated) flags.push('Deprecated');
  // The official descriptions often state the default already, sometimes twice ("Default: `true`.
  // Default: true"); the page states it once, from the schema's default when there is one.
  const stated: string[] = [];
  let text = (a.spec.description ?? '').replace(STATED_DEFAULT, (m: string, value: string) => {
    stated.push(value.replace(/^`(.*)`$/, '$1'));
    return m.startsWith(';') ? '.' : '';
  });
  const value = a.default && a.default.value !== null ? JSON.stringify(toJs(a.default.value, a.type)) : stated[0];
  if (value !== undefined) text = `${text.trimEnd()}${text.trim() ? ' ' : ''}Default: \`${value}\`.`;
  for (const v of a.spec.validators ?? []) text += ` Must satisfy: ${v.description}.`;
  for (const m of a.spec.planModifiers ?? []) text += ` ${m.description}`;
  const more = a.nested ? ` (see [below for nested schema](#${anchor(path)}))` : '';
  return `- \`${a.name}\` (${flags.join(', ')}) ${text.trim()}${more}`.trimEnd();
}

function sections(obj: CompiledObject, prefix: string, out: string[], nested: Array<{ path: string; a: CompiledAttribute }>): void {
  const names = Object.keys(obj.attributes).sort();
  const groups: Array<[string, (a: CompiledAttribute) => boolean]> = [
    ['Required', (a) => a.required],
    ['Optional', (a) => a.optional],
    ['Read-Only', (a) => a.computed && !a.optional],
  ];
  for (const [title, pick] of groups) {
    const items = names.map((n) => obj.attributes[n]!).filter(pick);
    if (items.length === 0) continue;
    out.push(`### ${title}`, '');
    for (const a of items) {
      const path = prefix ? `${prefix}.${a.name}` : a.name;
      out.push(line(a, path));
      if (a.nested) nested.push({ path, a });
    }
    out.push('');
  }
}

/** Dotted paths of the sensitive attributes a configuration sets (write-only twins included). */
function sensitivePaths(obj: CompiledObject, prefix: string): string[] {
  return Object.keys(obj.attributes)
    .sort()
    .flatMap((name) => {
      const a = obj.attributes[name]!;
      const path = prefix ? `${prefix}.${name}` : name;
      if (a.nested) return sensitivePaths(a.nested, path);
      return a.sensitive && (a.spec.optional || a.spec.required) ? [path] : [];
    });
}

export function renderPage(input: PageInput): string {
  const out: string[] = [];
  const title = input.kind === 'provider' ? `${input.name} Provider` : `${input.name} (${input.kind === 'resource' ? 'Resource' : 'Data Source'})`;
  out.push('---', `page_title: "${title}"`, `description: |-`, `  ${(input.schema.spec.description ?? '').split('\n')[0]}`, '---', '', `# ${title}`, '');
  if (input.schema.spec.description) out.push(input.schema.spec.description, '');
  if (input.exampleHcl) out.push('## Example Usage', '', '```terraform', input.exampleHcl.trimEnd(), '```', '');
  out.push('## Schema', '');
  const nested: Array<{ path: string; a: CompiledAttribute }> = [];
  sections(input.schema.root, '', out, nested);
  while (nested.length > 0) {
    const { path, a } = nested.shift()!;
    out.push(`<a id="${anchor(path)}"></a>`, `### Nested Schema for \`${path}\``, '');
    const inner: Array<{ path: string; a: CompiledAttribute }> = [];
    sections(a.nested!, path, out, inner);
    nested.unshift(...inner);
  }
  if (input.importSh) out.push('## Import', '', 'Import is supported using the following syntax:', '', '```shell', input.importSh.trimEnd(), '```', '');
  const secrets = sensitivePaths(input.schema.root, '');
  if (input.importSh && input.kind === 'resource' && secrets.length > 0) {
    const wo = secrets.find((p) => secrets.includes(`${p}_wo`));
    out.push(
      '### Generated configuration and sensitive values',
      '',
      'With an `import {}` block, `terraform plan -generate-config-out=generated.tf` writes every sensitive attribute as ' +
        '`null # sensitive`: Terraform never copies a secret into generated files. Fill each one you use before applying — ' +
        'from a sensitive variable (`attr = var.name`), which plans the import with no change' +
        (wo ? `, or through its write-only twin (\`${wo}_wo\` with \`${wo}_wo_version = 1\`: one in-place update, after which the secret is no longer stored in the state)` : '') +
        ". Left null, the plan either fails validation (for instance \"all or none of these fields must be set\") or plans to clear the value in Konnect.",
      '',
      `Sensitive attributes of this resource: ${secrets.map((p) => `\`${p}\``).join(', ')}.`,
      '',
    );
  }
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}
