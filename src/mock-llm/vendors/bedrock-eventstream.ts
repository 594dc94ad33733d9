// Bedrock's stream framing, application/vnd.amazon.eventstream, encoded by @smithy/eventstream-codec
// (the codec the AWS SDK decodes it with): one binary message per event, with the string headers
// :event-type, :content-type and :message-type, or :exception-type for an in-stream exception.
import { EventStreamCodec } from '@smithy/eventstream-codec';

const codec = new EventStreamCodec(
  (bytes: Uint8Array) => Buffer.from(bytes).toString('utf8'),
  (text: string) => new Uint8Array(Buffer.from(text, 'utf8')),
);

const str = (value: string) => ({ type: 'string' as const, value });

/** An event message; `p` is the random-length padding real Bedrock adds to every payload. */
export function eventMessage(eventType: string, payload: object): Uint8Array {
  const body = Buffer.from(JSON.stringify({ ...payload, p: 'abcdefghijklmnopqrstuvwxyz'.slice(0, 1 + (eventType.length % 26)) }));
  return codec.encode({
    headers: { ':event-type': str(eventType), ':content-type': str('application/json'), ':message-type': str('event') },
    body: new Uint8Array(body),
  });
}

/** An exception message, e.g. `internalServerException` or `throttlingException`. */
export function exceptionMessage(exceptionType: string, message: string): Uint8Array {
  return codec.encode({
    headers: { ':exception-type': str(exceptionType), ':content-type': str('application/json'), ':message-type': str('exception') },
    body: new Uint8Array(Buffer.from(JSON.stringify({ message }))),
  });
}
