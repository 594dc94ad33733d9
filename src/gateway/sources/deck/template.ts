// decK's environment substitution (go-database-reconciler pkg/file/template.go renderTemplate):
// the file text is rendered as a Go text/template with delimiters `${{` `}}` before YAML
// parsing; functions `env "DECK_…"`, `toBool`, `toInt`, `toFloat`, `indent N`, chained with
// `|`; lines whose first non-space character is `#` are left as they are; the value is inserted
// raw. Only this subset of Go templates is supported (decK registers nothing else); anything
// else is an error naming the line. Hand-written: there is no maintained Go-template engine
// for Node, and decK's function set is this small.

export interface TemplateError {
  readonly line: number;
  readonly message: string;
}

export type Rendered = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly error: TemplateError };

type Value = string | number | boolean;

const ACTION = /\$\{\{(.*?)\}\}/g;

function goString(v: Value): string {
  return typeof v === 'string' ? v : String(v);
}

function parseArgs(command: string): string[] {
  const out: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|`([^`]*)`|(\S+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(command)) !== null) {
    if (m[1] !== undefined) out.push(JSON.parse(`"${m[1]}"`) as string);
    else out.push(m[2] ?? m[3]!);
  }
  return out;
}

function toBool(v: Value): boolean {
  const s = goString(v);
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(s)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(s)) return false;
  throw new Error(`strconv.ParseBool: parsing "${s}": invalid syntax`);
}

function evalPipeline(expr: string, env: NodeJS.ProcessEnv, mock: boolean): Value {
  let value: Value | undefined;
  for (const [i, raw] of expr.split('|').entries()) {
    const [fn, ...args] = parseArgs(raw.trim());
    if (fn === undefined) throw new Error('missing value for command');
    const input = i === 0 ? undefined : value;
    switch (fn) {
      case 'env': {
        const name = args[0];
        if (name === undefined) throw new Error('wrong number of args for env: want 1 got 0');
        if (!name.startsWith('DECK_')) {
          throw new Error(`environment variables in the state file must be prefixed with 'DECK_', found: '${name}'`);
        }
        if (mock) value = name;
        else {
          const v = env[name];
          if (v === undefined) throw new Error(`environment variable '${name}' present in state file but not set`);
          value = v;
        }
        break;
      }
      case 'toBool':
        value = mock ? false : toBool(args[0] ?? input ?? '');
        break;
      case 'toInt': {
        const s = goString(args[0] ?? input ?? '');
        const n = Number(s);
        if (!mock && (!/^[+-]?\d+$/.test(s) || !Number.isSafeInteger(n))) throw new Error(`strconv.Atoi: parsing "${s}": invalid syntax`);
        value = mock ? 42 : n;
        break;
      }
      case 'toFloat': {
        const s = goString(args[0] ?? input ?? '');
        const n = Number(s);
        if (!mock && (s.trim() === '' || !Number.isFinite(n))) throw new Error(`strconv.ParseFloat: parsing "${s}": invalid syntax`);
        value = mock ? 42 : n;
        break;
      }
      case 'indent': {
        const spaces = Number(args[0]);
        const text = goString(args[1] ?? input ?? '');
        value = text.replace(/\n/g, `\n${' '.repeat(spaces)}`);
        break;
      }
      default:
        throw new Error(`function "${fn}" not defined`);
    }
  }
  return value ?? '';
}

/** Render a decK state file. `mock` validates without the environment (decK's mock mode). */
export function renderDeckTemplate(text: string, env: NodeJS.ProcessEnv = process.env, mock = false): Rendered {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trimStart().startsWith('#') || !line.includes('${{')) continue;
    try {
      lines[i] = line.replace(ACTION, (_, expr: string) => goString(evalPipeline(expr, env, mock)));
    } catch (err) {
      return { ok: false, error: { line: i + 1, message: (err as Error).message } };
    }
  }
  return { ok: true, text: lines.join('\n') };
}
