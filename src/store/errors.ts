/** The store file cannot be used as it is; it is never overwritten in that state. */
export class StoreCorrupt extends Error {
  readonly code = 'STORE_CORRUPT';
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(`store ${file} is unusable: ${problem}; it was left untouched`);
    this.name = 'StoreCorrupt';
  }
}

/** A write could not be made durable (disk full, read-only, lock not obtained). Temporary: try later. */
export class StoreUnavailable extends Error {
  readonly code = 'STORE_UNAVAILABLE';
  constructor(
    readonly file: string,
    cause: unknown,
  ) {
    super(`store ${file} cannot be written now: ${(cause as Error)?.message ?? String(cause)}`);
    this.name = 'StoreUnavailable';
  }
}

/** The data folder cannot hold a store: not a folder, cannot be made, or holds no store where one was expected. */
export class DataFolderUnusable extends Error {
  readonly code = 'DATA_FOLDER_UNUSABLE';
  constructor(
    readonly dir: string,
    problem: string,
  ) {
    super(`data folder ${dir}: ${problem} (CERTDESK_DATA_DIR)`);
    this.name = 'DataFolderUnusable';
  }
}
