import { readdir, stat } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { type Diagnostic, hasErrors } from '../../diagnostics/diagnostic.js';
import { formatDiagnostic } from '../../diagnostics/format.js';
import { loadRubricFile } from '../../node/index.js';
import type { Limits } from '../../rubric/limits.js';
import { type CliIo, EXIT } from '../io.js';

export interface ValidateOptions {
  format: 'text' | 'json';
  limits: Partial<Limits>;
}

/** `mahvan validate FILE...`: loads each rubric and prints its diagnostics. */
export async function validateCommand(files: readonly string[], options: ValidateOptions, io: CliIo): Promise<number> {
  const results: { file: string; ok: boolean; diagnostics: Diagnostic[] }[] = [];
  let ioFailed = false;
  for (const file of await expandFolders(files, io.cwd)) {
    try {
      const result = await loadRubricFile(resolve(io.cwd, file), { file, limits: options.limits });
      results.push({ file, ok: result.ok, diagnostics: result.diagnostics });
    } catch (error) {
      ioFailed = true;
      io.stderr(`mahvan: cannot read ${file}: ${ioMessage(error)}\n`);
    }
  }
  if (options.format === 'json') {
    io.stdout(`${JSON.stringify(results, null, 2)}\n`);
  } else {
    for (const r of results) {
      for (const d of r.diagnostics) io.stdout(`${formatDiagnostic(d, { hints: true })}\n`);
    }
    const all = results.flatMap((r) => r.diagnostics);
    const errors = all.filter((d) => d.severity === 'error').length;
    const warnings = all.filter((d) => d.severity === 'warning').length;
    const valid = results.filter((r) => r.ok).length;
    io.stdout(
      `${results.length} ${results.length === 1 ? 'file' : 'files'} checked: ${valid} valid, ${errors} ${errors === 1 ? 'error' : 'errors'}, ${warnings} ${warnings === 1 ? 'warning' : 'warnings'}\n`,
    );
  }
  if (ioFailed) return EXIT.usage;
  return results.some((r) => hasErrors(r.diagnostics)) ? EXIT.errors : EXIT.ok;
}

/** Each folder among `files` replaced by the YAML files under it, in sorted order (so `validate rubrics` works). */
async function expandFolders(files: readonly string[], cwd: string): Promise<string[]> {
  const out: string[] = [];
  for (const file of files) {
    const isFolder = await stat(resolve(cwd, file)).then(
      (s) => s.isDirectory(),
      () => false, // unreadable: reported when it is loaded
    );
    if (!isFolder) {
      out.push(file);
      continue;
    }
    const entries = await readdir(resolve(cwd, file), { recursive: true, withFileTypes: true });
    const yaml = entries
      .filter((e) => e.isFile() && /\.ya?ml$/i.test(e.name))
      .map((e) => relative(cwd, join(e.parentPath, e.name)))
      .sort();
    out.push(...yaml);
  }
  return out;
}

/** The short reason of a file system error, without a stack. */
export function ioMessage(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  switch (e?.code) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a directory';
    default:
      return e?.message ?? String(error);
  }
}
