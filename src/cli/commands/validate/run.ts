import { readdir, stat } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { createDiagnostic } from '../../../diagnostics/create.js';
import { type Diagnostic, hasErrors } from '../../../diagnostics/diagnostic.js';
import { formatDiagnostic } from '../../../diagnostics/format.js';
import { loadMapping } from '../../../exports/mapping.js';
import { InputTooLargeError, readTextFile, refuseHugeFile } from '../../../node/files.js';
import type { CompiledRubric } from '../../../rubric/compile.js';
import { loadRubric } from '../../../rubric/load.js';
import type { Limits } from '../../../yaml/limits.js';
import { type CliIo, EXIT } from '../../io.js';
import { ioMessage } from '../../shared/io-message.js';

export interface ValidateOptions {
  format: 'text' | 'json';
  limits: Partial<Limits>;
}

/** What a YAML file holds, by its format key. */
const kindOf = (text: string) =>
  /^mahvan-policy\s*:/m.test(text)
    ? 'policy'
    : /^mahvan-mapping\s*:/m.test(text)
      ? 'mapping'
      : /^mahvan-alternatives\s*:/m.test(text)
        ? 'alternatives'
        : 'rubric';

/**
 * `mahvan validate FILE...`: loads each rubric, policy and mapping and prints its diagnostics. Rubrics come
 * first, so a policy is checked against the rubric it names when that rubric is among the files.
 */
export async function validateCommand(files: readonly string[], options: ValidateOptions, io: CliIo): Promise<number> {
  const results: { file: string; ok: boolean; diagnostics: Diagnostic[] }[] = [];
  let ioFailed = false;
  const texts: { file: string; text: string; kind: ReturnType<typeof kindOf> }[] = [];
  const byFile = new Map<string, (typeof results)[number]>();
  const order: string[] = [];
  for (const file of await expandFolders(files, io.cwd)) {
    try {
      const refused = await refuseHugeFile(resolve(io.cwd, file), file, options.limits);
      if (refused) {
        byFile.set(file, { file, ok: false, diagnostics: [refused] });
        order.push(file);
        continue;
      }
      const text = await readTextFile(resolve(io.cwd, file), options.limits);
      texts.push({ file, text, kind: kindOf(text) });
      order.push(file);
    } catch (error) {
      // a pipe or a device has no size to check first: it is refused once it gives more than the limit
      if (error instanceof InputTooLargeError) {
        byFile.set(file, { file, ok: false, diagnostics: [tooLarge(file, error)] });
        order.push(file);
        continue;
      }
      ioFailed = true;
      io.stderr(`mahvan: cannot read ${file}: ${ioMessage(error)}\n`);
    }
  }
  const rubrics = new Map<string, CompiledRubric>();
  for (const { file, text } of texts.filter((t) => t.kind === 'rubric')) {
    const result = loadRubric(text, { file, limits: options.limits });
    if (result.ok) rubrics.set(result.rubric.rubric.id, result.rubric);
    byFile.set(file, { file, ok: result.ok, diagnostics: result.diagnostics });
  }
  for (const { file, text, kind } of texts.filter((t) => t.kind !== 'rubric')) {
    if (kind === 'mapping') {
      const result = loadMapping(text, { file, limits: options.limits });
      byFile.set(file, { file, ok: result.ok, diagnostics: result.diagnostics });
      continue;
    }
    if (kind === 'alternatives') {
      const { loadAlternatives } = await import('../../../policy/alternatives.js');
      const result = loadAlternatives(text, { file, limits: options.limits });
      byFile.set(file, { file, ok: result.ok, diagnostics: result.diagnostics });
      continue;
    }
    // policies bring their rule engine: loaded only when a policy is among the files
    const { loadPolicy, readPolicy } = await import('../../../policy/load.js');
    // the policy's own problems (syntax, shape) need no rubric and are reported whether or not it is here
    const read = readPolicy(text, { file, limits: options.limits });
    if (!read.ok) {
      byFile.set(file, { file, ok: false, diagnostics: read.diagnostics });
      continue;
    }
    const rubricId = read.input.rubric;
    const rubric = rubrics.get(rubricId);
    if (!rubric) {
      ioFailed = true;
      io.stderr(`mahvan: ${file}: its rubric '${rubricId}' is not among the files validated; validate them together\n`);
      continue;
    }
    const result = loadPolicy(text, rubric, { file, limits: options.limits });
    byFile.set(file, { file, ok: result.ok, diagnostics: result.diagnostics });
  }
  for (const file of order) {
    const result = byFile.get(file);
    if (result) results.push(result);
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
    for (const path of yaml) out.push(path);
  }
  return out;
}

/** The diagnostic of a file refused while it was read, having given more than the limit. */
const tooLarge = (file: string, error: InputTooLargeError): Diagnostic =>
  createDiagnostic(
    'input-too-large',
    { limit: error.limit, option: error.option },
    { path: [], file, range: { start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } } },
  );
