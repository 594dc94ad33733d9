// ai-prompt-guard (Kong priority 771, after the decorator, so it sees the decorated messages):
// which text is checked, and the verdict. Kong's rules (guard-prompt.lua):
// - chat: messages newest → oldest, role `user` only (every role with `match_all_roles`); with
//   `allow_all_conversation_history` only the newest such message, otherwise all of them, each
//   followed by one space; a non-string role, or a non-string content in a checked message, is
//   a bad format;
// - completions: the `prompt` string; anything else is a bad format;
// - deny patterns first (any match refuses), then allow patterns (one must match, when any).
// Every refusal is the same deliberately vague 400 (`bad request`); the reason is only logged.
//
// Patterns are compiled once per plugin instance, i.e. once per configuration snapshot (a new
// snapshot brings new Plugin objects). Catastrophic backtracking: before compiling, V8's linear-
// time fallback engine is switched on (`--enable-experimental-regexp-engine-on-excessive-
// backtracks`), so a pattern such as `(a+)+$` that backtracks excessively is re-run in linear
// time instead of hanging the process. Patterns the linear engine cannot run (backreferences,
// lookarounds) keep backtracking, bounded by the text size (max_request_body_size).
import { setFlagsFromString } from 'node:v8';
import type { Plugin } from '../../schemas/entities.js';
import { compilePattern, type AiPromptGuardConfig } from '../../schemas/index.js';

/** The client-facing message of every refusal (Kong: "don't let users know 'ai-prompt-guard' is in use"). */
export const BAD_REQUEST = 'bad request';
const BAD_FORMAT = 'ai-prompt-guard only supports llm/v1/chat or llm/v1/completions prompts';

export interface PreparedGuard {
  readonly config: AiPromptGuardConfig;
  readonly deny: readonly RegExp[];
  readonly allow: readonly RegExp[];
}

export type GuardVerdict = { readonly ok: true } | { readonly ok: false; readonly reason: string };

let linearFallback = false;
function enableLinearFallback(): void {
  if (linearFallback) return;
  setFlagsFromString('--enable-experimental-regexp-engine-on-excessive-backtracks');
  linearFallback = true;
}

function compileAll(field: string, patterns: readonly string[] | null | undefined): RegExp[] {
  return (patterns ?? []).map((p, i) => {
    const r = compilePattern(p);
    // the schema refuses these; a snapshot that bypassed it is a bug, not a user error
    if (!r.ok) throw new Error(`config.${field}[${i + 1}]: ${r.reason}`);
    return r.regex;
  });
}

export function prepareGuard(config: AiPromptGuardConfig): PreparedGuard {
  enableLinearFallback();
  return { config, deny: compileAll('deny_patterns', config.deny_patterns), allow: compileAll('allow_patterns', config.allow_patterns) };
}

const prepared = new WeakMap<Plugin, PreparedGuard>();

/** The instance's compiled patterns, compiled on first use and kept for the snapshot's life. */
export function guardFor(plugin: Plugin): PreparedGuard {
  let g = prepared.get(plugin);
  if (g === undefined) {
    g = prepareGuard(plugin.config as unknown as AiPromptGuardConfig);
    prepared.set(plugin, g);
  }
  return g;
}

/** The text the patterns are matched against, or a bad-format reason. */
export function promptText(body: Record<string, unknown>, config: Pick<AiPromptGuardConfig, 'allow_all_conversation_history' | 'match_all_roles'>): { text: string } | { reason: string } {
  const messages = body.messages;
  if (Array.isArray(messages)) {
    let text = '';
    for (let i = messages.length - 1; i >= 0; i--) {
      const m = messages[i] as { role?: unknown; content?: unknown } | null;
      if (typeof m !== 'object' || m === null || typeof m.role !== 'string') return { reason: BAD_FORMAT };
      if (m.role !== 'user' && !config.match_all_roles) continue;
      if (typeof m.content !== 'string') return { reason: BAD_FORMAT };
      text += m.content;
      if (config.allow_all_conversation_history) break;
      text += ' ';
    }
    return { text };
  }
  if (typeof body.prompt === 'string') return { text: body.prompt };
  return { reason: BAD_FORMAT };
}

export function checkPrompt(guard: PreparedGuard, body: Record<string, unknown>): GuardVerdict {
  const collected = promptText(body, guard.config);
  if ('reason' in collected) return { ok: false, reason: collected.reason };
  for (const re of guard.deny) if (re.test(collected.text)) return { ok: false, reason: `prompt pattern is blocked (${re.source})` };
  if (guard.allow.length === 0) return { ok: true };
  for (const re of guard.allow) if (re.test(collected.text)) return { ok: true };
  return { ok: false, reason: "prompt doesn't match any allowed pattern" };
}
