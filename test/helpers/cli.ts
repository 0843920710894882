import { main } from '../../src/cli/main.js';
import { ROOT } from './fixtures.js';

/** Runs the CLI in-process (from the repository root unless told) and captures what it prints, bytes decoded. */
export async function runCli(argv: readonly string[], cwd = ROOT): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  // ignoreBOM: keep a BOM the CLI wrote, as a file or a pipe would
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  const status = await main(argv, {
    stdout: (chunk) => {
      stdout += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    },
    stderr: (text) => {
      stderr += text;
    },
    cwd,
  });
  return { status, stdout: stdout + decoder.decode(), stderr };
}
