/** Bad command-line input: one line on stderr, exit status 2, nothing written. */
export class UsageError extends Error {
  readonly code = 'USAGE';
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
