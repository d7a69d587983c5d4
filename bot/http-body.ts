/**
 * Reading the body of POST /api/messages, before anything else sees it. Bot Framework sends one JSON
 * activity, uncompressed; so only `application/json` (UTF-8) is read, compressed bodies are refused
 * without inflating a byte (a gzip body inflating to hundreds of megabytes stopped restify's reader),
 * the limit counts the bytes as they arrive whatever Content-Length says, and nothing is written to disk
 * (restify's multipart parser kept `upload_*` files in the temp folder, before authentication).
 */
import type { IncomingMessage } from 'node:http';

export type BodyRefusal = {
  readonly ok: false;
  readonly status: 400 | 413 | 415;
  readonly code: 'INPUT.INVALID' | 'INPUT.TOO_LARGE' | 'INPUT.UNSUPPORTED_MEDIA_TYPE';
  readonly message: string;
  /** The body was not read to its end: the connection is closed after the answer. */
  readonly close: boolean;
};

export type BodyOutcome = { readonly ok: true; readonly text: string } | BodyRefusal;

export interface BodyLimits {
  /** Largest body accepted, in bytes. */
  readonly maxBytes: number;
  /**
   * Bytes read and thrown away before a refusal is answered, so that a client still sending gets its
   * answer rather than a reset connection. Past it the connection is cut.
   */
  readonly drainBytes: number;
}

const refusal = (status: BodyRefusal['status'], code: BodyRefusal['code'], message: string): BodyRefusal => ({
  ok: false,
  status,
  code,
  message,
  close: false,
});

/** `application/json`, optionally with `charset=utf-8`; anything else is refused. */
const mediaTypeProblem = (contentType: string | undefined): string | null => {
  if (contentType === undefined) return 'Content-Type is missing: send application/json.';
  const [type, ...params] = contentType.split(';').map((p) => p.trim().toLowerCase());
  if (type !== 'application/json') return 'Only application/json bodies are accepted.';
  for (const p of params) {
    const [name, value] = p.split('=').map((s) => s.trim().replace(/^"|"$/g, ''));
    if (name === 'charset' && value !== 'utf-8' && value !== 'utf8') return 'Only UTF-8 JSON is accepted.';
  }
  return null;
};

const encodingProblem = (encoding: string | undefined): string | null => {
  if (encoding === undefined) return null;
  const codings = encoding
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c !== '' && c !== 'identity');
  return codings.length === 0 ? null : 'Compressed bodies are not accepted: send the JSON uncompressed.';
};

/**
 * Reads and throws away what the client still sends, up to `drainBytes` in all (`already` counts what
 * was read before), so that it gets its answer rather than a reset connection. Resolves true when the
 * body was read to its end, false when it was cut off (the connection is then closed after the answer).
 */
export const discardBody = (req: IncomingMessage, drainBytes: number, already = 0): Promise<boolean> =>
  new Promise((resolve) => {
    let seen = already;
    if (req.readableEnded) return resolve(true);
    if (Number(req.headers['content-length'] ?? 0) > drainBytes || seen > drainBytes) return resolve(false);
    const onData = (chunk: Buffer) => {
      seen += chunk.length;
      if (seen <= drainBytes) return;
      req.off('data', onData);
      req.pause();
      resolve(false);
    };
    req.on('data', onData);
    req.once('end', () => resolve(true));
    req.once('error', () => resolve(false));
    req.once('aborted', () => resolve(false));
  });

const drain = async (
  req: IncomingMessage,
  limits: BodyLimits,
  r: BodyRefusal,
  already = 0,
): Promise<BodyRefusal> => ((await discardBody(req, limits.drainBytes, already)) ? r : { ...r, close: true });

export const readJsonBody = (req: IncomingMessage, limits: BodyLimits): Promise<BodyOutcome> => {
  const media = mediaTypeProblem(req.headers['content-type']);
  if (media !== null) return drain(req, limits, refusal(415, 'INPUT.UNSUPPORTED_MEDIA_TYPE', media));
  const encoding = encodingProblem(req.headers['content-encoding']);
  if (encoding !== null) return drain(req, limits, refusal(415, 'INPUT.UNSUPPORTED_MEDIA_TYPE', encoding));
  const tooLarge = refusal(413, 'INPUT.TOO_LARGE', `The body is larger than ${limits.maxBytes} bytes.`);
  if (Number(req.headers['content-length'] ?? 0) > limits.maxBytes) return drain(req, limits, tooLarge);
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limits.maxBytes) {
        chunks.push(chunk);
        return;
      }
      // Over the limit while streaming (chunked, or a Content-Length that lied): stop keeping bytes.
      chunks.length = 0;
      req.off('data', onData);
      req.off('end', onEnd);
      void drain(req, limits, tooLarge, size).then(resolve);
    };
    const onEnd = () => {
      const text = Buffer.concat(chunks).toString('utf8');
      resolve(text.trim() === '' ? refusal(400, 'INPUT.INVALID', 'The body is empty.') : { ok: true, text });
    };
    req.on('data', onData);
    req.once('end', onEnd);
    req.once('error', () =>
      resolve({ ...refusal(400, 'INPUT.INVALID', 'The body could not be read.'), close: true }),
    );
  });
};
