import { resolve } from 'node:path';
import { formatDiagnostic } from '../../../diagnostics/format.js';
import { readTextFile } from '../../../node/files.js';
import { type Alternative, loadAlternatives } from '../../../policy/alternatives.js';
import { type Robustness, robustness } from '../../../policy/robustness.js';
import type { CompiledRubric } from '../../../rubric/compile.js';
import { type CliIo, EXIT } from '../../io.js';
import { type YamlLimitOptions, yamlLimits } from '../../shared/command.js';
import { profilesFor } from '../../shared/documents.js';
import { ioMessage } from '../../shared/io-message.js';
import { outputClash, writePieces } from '../../shared/outputs.js';
import { policyFor } from '../../shared/policy.js';
import { rubricFor } from '../../shared/rubric.js';

export interface RobustnessCommandOptions extends YamlLimitOptions {
  rubric: string;
  policy: string;
  alternatives: string;
  format: 'json' | 'text';
  output?: string;
  maxBytes?: number;
}

/** `mahvan robustness`: every profile rescored and re-decided under each alternative; the stable share on stderr. */
export async function robustnessCommand(file: string, options: RobustnessCommandOptions, io: CliIo): Promise<number> {
  const clash = outputClash(io.cwd, { '-o': options.output }, [options.rubric, options.policy, options.alternatives, file]);
  if (clash) {
    io.stderr(`mahvan: ${clash}\n`);
    return EXIT.usage;
  }
  const rubric = await rubricFor(options.rubric, io, yamlLimits(options));
  if (typeof rubric === 'number') return rubric;
  const policy = await policyFor(options.policy, rubric, io, yamlLimits(options));
  if (typeof policy === 'number') return policy;
  const alternatives = await alternativesFor(options.alternatives, rubric, io, options);
  if (typeof alternatives === 'number') return alternatives;
  const bound = options.maxBytes === undefined ? {} : { maxBytes: options.maxBytes };
  const profiles = await profilesFor(file, rubric, io, bound);
  if (typeof profiles === 'number') return profiles;

  const result = robustness(rubric, policy, profiles, alternatives);
  const text = options.format === 'text' ? robustnessText(result) : `${JSON.stringify(result, null, 2)}\n`;
  const done = await writePieces(options.output, io, (write) => write(text));
  if (!done) return EXIT.usage;
  io.stderr(`${robustnessSummary(result)}${options.output ? `; written to ${options.output}` : ''}\n`);
  return EXIT.ok;
}

/** "255 subjects: 231 with the same track under all 4 alternatives (91%)". */
export function robustnessSummary(r: Robustness): string {
  const share = r.trackShare === null ? '' : ` (${Math.round(r.trackShare * 100)}%)`;
  return `${r.subjects} subjects: ${r.stableTrack} with the same track under all ${r.alternatives.length} alternatives${share}`;
}

/** One line per subject a decision of which flips, naming the alternatives that flip it. */
function robustnessText(r: Robustness): string {
  const lines = [robustnessSummary(r)];
  for (const s of r.bySubject)
    for (const f of s.flips)
      lines.push(
        `${s.subject}: ${s.track ?? 'none'} / ${s.level ?? 'none'} → ${f.track ?? 'none'} / ${f.level ?? 'none'} under ${f.alternative}`,
      );
  return `${lines.join('\n')}\n`;
}

/** The alternatives file read and checked against the rubric (its diagnostics printed), or the exit code to stop with. */
export async function alternativesFor(
  file: string,
  rubric: CompiledRubric,
  io: CliIo,
  options: YamlLimitOptions,
): Promise<Alternative[] | number> {
  let text: string;
  try {
    text = await readTextFile(resolve(io.cwd, file), yamlLimits(options));
  } catch (error) {
    io.stderr(`mahvan: cannot read ${file}: ${ioMessage(error)}\n`);
    return EXIT.usage;
  }
  const read = loadAlternatives(text, { file, limits: yamlLimits(options), aggregations: rubric.aggregations });
  for (const d of read.diagnostics) io.stderr(`${formatDiagnostic(d, { hints: true })}\n`);
  return read.ok ? read.alternatives : EXIT.errors;
}
