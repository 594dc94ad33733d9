// Reading a request body: JSON parsed and checked against the vendor's request schema (zod), a
// failure becoming the vendor's 400 with a message naming the field. Helpers for the text of
// chat messages in the shapes the vendors share (a string, or parts with `text`).
import { z } from 'zod';
import { RequestError, type Ctx } from './vendor.js';

export function parseBody<T>(ctx: Ctx, schema: z.ZodType<T>): T {
  let value: unknown;
  try {
    value = JSON.parse(ctx.body.toString('utf8'));
  } catch (err) {
    throw new RequestError(400, `the request body is not valid JSON: ${(err as Error).message}`);
  }
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const where = issue.path.length > 0 ? issue.path.join('.') : 'body';
  throw new RequestError(400, `invalid request: ${where}: ${issue.message}`);
}

/** Text of a content value: a string, or an array of parts whose `text` fields are joined. */
export function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content
      .map((p) => (typeof p === 'string' ? p : typeof p === 'object' && p !== null && typeof (p as { text?: unknown }).text === 'string' ? (p as { text: string }).text : ''))
      .filter((t) => t !== '')
      .join(' ');
  }
  return '';
}

/** The last message with a user role (or the last message), and every message's text joined. */
export function promptOf(messages: readonly { role?: unknown; content?: unknown }[], userRoles: readonly string[] = ['user']): { input: string; all: string } {
  const users = messages.filter((m) => typeof m.role === 'string' && userRoles.includes(m.role));
  const last = users[users.length - 1] ?? messages[messages.length - 1];
  return { input: textOf(last?.content), all: messages.map((m) => textOf(m.content)).join(' ') };
}

/** The bearer token of an Authorization header, or undefined. */
export function bearerOf(ctx: Ctx): string | undefined {
  const h = ctx.req.headers.authorization;
  if (typeof h !== 'string') return undefined;
  const m = /^Bearer\s+(.+)$/i.exec(h);
  return m ? m[1]!.trim() : undefined;
}

export const chatMessage = z.object({ role: z.string(), content: z.unknown().optional() });
