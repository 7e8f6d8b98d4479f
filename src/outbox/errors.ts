/**
 * Infrastructure error codes (nodemailer's), in one place. Only these and 4xx
 * SMTP answers are temporary: the mail is tried again later. A 5xx answer is
 * permanent: the mail is failed and shown to staff.
 */
export const TEMPORARY_CODES = [
  'ETIMEDOUT',
  'ESOCKET',
  'ECONNECTION',
  'EDNS',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPROTOCOL',
  'ENOSPC',
  'EMFILE',
] as const;

export interface SendFailure {
  temporary: boolean;
  /** One line for staff: the SMTP answer or the error. */
  message: string;
}

export function classifySendError(err: unknown): SendFailure {
  const e = err as { responseCode?: number; code?: string; response?: string; message?: string };
  const message = (e.response ?? e.message ?? String(err)).split('\n')[0]!.slice(0, 300);
  if (typeof e.responseCode === 'number') return { temporary: e.responseCode >= 400 && e.responseCode < 500, message };
  if (e.code && (TEMPORARY_CODES as readonly string[]).includes(e.code)) return { temporary: true, message };
  // Unknown failures are retried: a mail is never dropped for an error nobody classified.
  return { temporary: !e.code || e.code === 'EENVELOPE' ? true : !['EMESSAGE', 'EAUTH'].includes(e.code), message };
}

/** A template referred to a value the data did not have: the mail is not sent half-filled. */
export class RenderError extends Error {
  readonly code = 'RENDER_FAILED';
  constructor(kind: string, locale: string, part: string, cause: unknown) {
    super(`cannot render ${kind} (${locale}) ${part}: ${(cause as Error).message.split('\n')[0]}`);
    this.name = 'RenderError';
  }
}
