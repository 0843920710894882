import { resolve } from 'node:path';
import { formatDiagnostic } from '../../diagnostics/format.js';
import { loadPolicyFile } from '../../node/files.js';
import type { Policy } from '../../policy/model.js';
import type { CompiledRubric } from '../../rubric/compile.js';
import type { Limits } from '../../yaml/limits.js';
import { type CliIo, EXIT } from '../io.js';
import { ioMessage } from './io-message.js';

/** A policy loaded for a command (its diagnostics printed), or the exit code to stop with. */
export async function policyFor(
  file: string,
  rubric: CompiledRubric,
  io: CliIo,
  limits: Partial<Limits> = {},
): Promise<Policy | number> {
  try {
    const result = await loadPolicyFile(resolve(io.cwd, file), rubric, { file, limits });
    for (const d of result.diagnostics) io.stderr(`${formatDiagnostic(d, { hints: true })}\n`);
    return result.ok ? result.policy : EXIT.errors;
  } catch (error) {
    io.stderr(`mahvan: cannot read ${file}: ${ioMessage(error)}\n`);
    return EXIT.usage;
  }
}
