/** What the CLI needs from the outside world; injected so tests run it in-process. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** The working directory, for resolving relative paths. */
  cwd: string;
}

/** Exit codes: 0 clean, 1 content errors found, 2 usage or I/O problems. */
export const EXIT = { ok: 0, errors: 1, usage: 2 } as const;
