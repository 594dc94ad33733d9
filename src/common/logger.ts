// A structured logger for provider processes: JSON lines on stderr in exactly the shape
// go-plugin re-logs through Terraform (`@level`, `@message`, `@timestamp` with 6 fractional
// digits, other keys as key=value pairs). Off unless TF_LOG / TF_LOG_PROVIDER ask for it.
//
// Redaction is structural: callers pass values as fields, never spliced into the message.
// A value wrapped with `sensitive()` and any field whose key names a secret-bearing HTTP
// header or credential (authorization, cookie, x-api-key, *token*, *secret*, password,
// header_value …) prints as "(sensitive)", at any depth of nested objects.
//
// Usage:
//   const log = loggerFromEnv(process.env).child({ '@module': 'konnect.client' });
//   log.debug('sending request', { method: 'GET', headers, token: sensitive(t) });
//
// Hand-written rather than pino/winston: the exact go-plugin line format, Terraform's level
// variables and key-based redaction are ~100 lines, and startup time matters here.
import { isSafeError } from './thrown.js';

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Readonly<Record<string, unknown>>;

const ORDER: Record<LogLevel | 'off', number> = { trace: 0, debug: 1, info: 2, warn: 3, error: 4, off: 5 };
const REDACTED = '(sensitive)';
const SENSITIVE_KEY =
  /^(authorization|proxy-authorization|cookie|set-cookie|x-api-key|api-key|apikey|x-auth-token)$|token|secret|password|passwd|header_value|private_key|client_cert/i;

const sensitiveBrand: unique symbol = Symbol('sensitive');
/** A value that must never be printed; logs show "(sensitive)". */
export interface Sensitive {
  readonly [sensitiveBrand]: true;
}
export function sensitive(_value: unknown): Sensitive {
  // The value is dropped on purpose: nothing can print what the logger never holds.
  return { [sensitiveBrand]: true };
}

/** Reads Terraform's level variables: TF_LOG_PROVIDER wins over TF_LOG; unset → off. */
export function levelFromEnv(env: NodeJS.ProcessEnv): LogLevel | 'off' {
  const raw = (env.TF_LOG_PROVIDER || env.TF_LOG || '').trim().toLowerCase();
  if (raw === '' || raw === 'off') return 'off';
  if (raw === 'warning') return 'warn';
  if (raw in ORDER) return raw as LogLevel;
  return 'trace'; // Terraform treats JSON and unknown values as TRACE too.
}

/** Microsecond timestamp in the layout go-plugin parses: 2006-01-02T15:04:05.000000Z. */
export function timestamp(epochMs: number = performance.timeOrigin + performance.now()): string {
  const whole = Math.floor(epochMs);
  const micros = Math.floor((epochMs - whole) * 1000);
  return new Date(whole).toISOString().replace(/Z$/, `${String(micros).padStart(3, '0')}Z`);
}

/** Copies `value` with every sensitive field replaced; never mutates it. */
export function redact(value: unknown, depth = 0): unknown {
  if (value === null || typeof value !== 'object') return typeof value === 'bigint' ? value.toString() : value;
  if (sensitiveBrand in value) return REDACTED;
  if (depth > 8) return '(nested too deep)';
  // The one policy for thrown errors (thrown.ts): only a safe error's message may be logged.
  if (value instanceof Error) return isSafeError(value) ? value.message : `(${value.name}, message withheld)`;
  if (Buffer.isBuffer(value)) return `(${value.length} bytes)`;
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  if (value instanceof Map) return redact(Object.fromEntries(value), depth);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = SENSITIVE_KEY.test(k) && v != null ? REDACTED : redact(v, depth + 1);
  return out;
}

export interface Logger {
  readonly level: LogLevel | 'off';
  enabled(level: LogLevel): boolean;
  trace(message: string, fields?: LogFields): void;
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every line. */
  child(fields: LogFields): Logger;
}

export interface LoggerOptions {
  readonly level: LogLevel | 'off';
  /** Where lines go; stderr by default (synchronous for pipes and files on Linux). */
  readonly write?: (line: string) => void;
  readonly fields?: LogFields;
}

export function createLogger(options: LoggerOptions): Logger {
  const write = options.write ?? ((line: string) => void process.stderr.write(line));
  const base = options.fields ?? {};
  const threshold = ORDER[options.level];
  const emit = (level: LogLevel, message: string, fields?: LogFields) => {
    if (ORDER[level] < threshold) return;
    const line = {
      '@level': level,
      '@message': message,
      '@timestamp': timestamp(),
      ...(redact({ ...base, ...fields }) as Record<string, unknown>),
    };
    write(`${JSON.stringify(line)}\n`);
  };
  return {
    level: options.level,
    enabled: (level) => ORDER[level] >= threshold,
    trace: (m, f) => emit('trace', m, f),
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
    child: (fields) => createLogger({ ...options, fields: { ...base, ...fields } }),
  };
}

/** The logger a provider process uses: level from TF_LOG_PROVIDER / TF_LOG, lines on stderr. */
export function loggerFromEnv(env: NodeJS.ProcessEnv = process.env, fields?: LogFields): Logger {
  return createLogger({ level: levelFromEnv(env), ...(fields ? { fields } : {}) });
}

/** A logger that prints nothing (tests, library defaults). */
export const silentLogger: Logger = createLogger({ level: 'off' });
