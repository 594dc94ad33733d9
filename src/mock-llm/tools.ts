// Tool (function) calls, deterministically: when a request declares tools, the mock answers with
// a call instead of text if the request forces one (OpenAI `tool_choice` "required" or a named
// function, Anthropic `any`/`tool`, Bedrock `any`/`tool`, Gemini mode ANY) or the last user text
// names a declared tool. The arguments fill the tool's JSON-schema properties from that text:
// strings get the text, numbers its word count, booleans true. A request whose last message is a
// tool result gets text, as a model answers after a tool ran.
import { countTokens } from './answer.js';

export interface ToolDecl {
  readonly name: string;
  /** JSON schema of the arguments. */
  readonly schema?: unknown;
}

/** `any`: some tool must be called; a name: that tool; `none`: no tool; undefined: the model decides. */
export type ToolChoice = 'any' | 'none' | { readonly name: string } | undefined;

export interface ToolCall {
  readonly id: string;
  readonly name: string;
  readonly args: Record<string, unknown>;
  /** The arguments as JSON, and that JSON in two pieces for streams. */
  readonly json: string;
  readonly pieces: readonly [string, string];
  readonly completionTokens: number;
}

function argsFor(schema: unknown, input: string): Record<string, unknown> {
  const props = (schema as { properties?: Record<string, { type?: unknown }> } | undefined)?.properties;
  if (typeof props !== 'object' || props === null) return {};
  const out: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(props)) {
    // JSON schema types are lowercase; Gemini's own Schema spells them STRING, NUMBER…
    const type = typeof spec === 'object' && spec !== null ? String(spec.type).toLowerCase() : undefined;
    out[key] = type === 'number' || type === 'integer' ? countTokens(input) : type === 'boolean' ? true : input.trim();
  }
  return out;
}

/** The call to answer with, or undefined for a text answer. */
export function pickToolCall(tools: readonly ToolDecl[], choice: ToolChoice, input: string, idPrefix: string, seq: number): ToolCall | undefined {
  if (tools.length === 0 || choice === 'none') return undefined;
  const named = tools.find((t) => new RegExp(`\\b${t.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`).test(input));
  const tool = typeof choice === 'object' ? tools.find((t) => t.name === choice.name) : choice === 'any' ? (named ?? tools[0]) : named;
  if (!tool) return undefined;
  const args = argsFor(tool.schema, input);
  const json = JSON.stringify(args);
  const cut = json.length >> 1;
  return { id: `${idPrefix}${seq}`, name: tool.name, args, json, pieces: [json.slice(0, cut), json.slice(cut)], completionTokens: Math.max(1, Object.keys(args).length) };
}
