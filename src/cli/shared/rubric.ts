import { resolve } from 'node:path';
import { formatDiagnostic } from '../../diagnostics/format.js';
import { loadRubricFile } from '../../node/files.js';
import type { CompiledRubric } from '../../rubric/compile.js';
import type { Limits } from '../../yaml/limits.js';
import { type CliIo, EXIT } from '../io.js';
import { ioMessage } from './io-message.js';

/** A rubric loaded for a command (its diagnostics printed), or the exit code to stop with. */
export async function rubricFor(file: string, io: CliIo, limits: Partial<Limits> = {}): Promise<CompiledRubric | number> {
  try {
    const result = await loadRubricFile(resolve(io.cwd, file), { file, limits });
    for (const d of result.diagnostics) io.stderr(`${formatDiagnostic(d, { hints: true })}\n`);
    return result.ok ? result.rubric : EXIT.errors;
  } catch (error) {
    io.stderr(`mahvan: cannot read ${file}: ${ioMessage(error)}\n`);
    return EXIT.usage;
  }
}

/**
 * The locale of a command's output: the one asked for when the rubric has texts in it (or declares fallbacks
 * for it), its default when none is asked for, or the exit code to stop with. Any other tag would silently show
 * the default language.
 */
export function localeFor(asked: string | undefined, rubric: CompiledRubric, io: CliIo): string | number {
  const { locales, defaultLocale, fallbacks } = rubric.rubric;
  if (asked === undefined) return defaultLocale;
  if (locales.includes(asked) || Object.hasOwn(fallbacks, asked)) return asked;
  io.stderr(
    `mahvan: --locale ${asked}: the rubric's texts are in ${locales.join(', ')}; use one of them, or declare fallbacks for '${asked}' in the rubric\n`,
  );
  return EXIT.usage;
}
