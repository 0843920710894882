/** What the CLI needs from the outside world; injected so tests run it in-process. */
export interface CliIo {
  /**
   * Writes to standard output: text, or UTF-8 bytes (which the caller may reuse once this returns). A promise
   * returned says the reader is behind: a long output waits for it before writing more.
   */
  stdout(chunk: string | Uint8Array): void | Promise<void>;
  stderr(text: string): void;
  /** The working directory, for resolving relative paths. */
  cwd: string;
  /** Standard error when it is a terminal a person watches: long runs show their progress there, and only there. */
  terminal?: NodeJS.WriteStream;
}

/** Exit codes: 0 clean, 1 content errors found, 2 usage or I/O problems. */
export const EXIT = { ok: 0, errors: 1, usage: 2 } as const;
