/** Bad command-line input: one line on stderr, exit status 2, nothing written. */
export class UsageError extends Error {
  readonly code = 'USAGE';
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** A failure whose exit status means something to the caller (75 = EX_TEMPFAIL: an MTA tries again later). */
export class ExitStatus extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ExitStatus';
  }
}
