import { validateAssessment } from '../../../assessment/json-schema.js';
import type { Diagnostic } from '../../../diagnostics/diagnostic.js';
import type { CompiledRubric } from '../../../rubric/compile.js';
import { explain } from '../../../score/explain.js';
import type { Profile } from '../../../score/profile.js';
import { readProfiles } from '../../../score/read-profiles.js';
import { scoreAssessment } from '../../../score/score-assessment.js';
import { visibleLine } from '../../../text/visible.js';
import { type CliIo, EXIT } from '../../io.js';
import { type YamlLimitOptions, yamlLimits } from '../../shared/command.js';
import { eachItem, printLocated } from '../../shared/documents.js';
import { rubricFor } from '../../shared/rubric.js';

/**
 * `mahvan explain --rubric R --node ID FILE`: how a node's score was computed, for each profile in FILE (as
 * `mahvan score` writes them) or each assessment it holds (scored first).
 */
export async function explainCommand(
  file: string,
  options: { rubric: string; node: string; subject?: string; maxBytes?: number } & YamlLimitOptions,
  io: CliIo,
): Promise<number> {
  const rubric = await rubricFor(options.rubric, io, yamlLimits(options));
  if (typeof rubric === 'number') return rubric;
  const items: unknown[] = [];
  const bound = options.maxBytes === undefined ? {} : { maxBytes: options.maxBytes };
  if (!(await eachItem(file, io, bound, (item) => void items.push(item)))) return EXIT.usage;
  const read = profilesIn(rubric, items, file);
  await printLocated(file, read.diagnostics, io, bound);
  // an explanation printed beside profiles that were refused would read as the whole file's
  if (read.diagnostics.some((d) => d.severity === 'error')) return EXIT.errors;
  const chosen = options.subject ? read.profiles.filter((p) => p.subject.id === options.subject) : read.profiles;
  if (chosen.length === 0) {
    io.stderr(`mahvan: no profile or assessment${options.subject ? ` of subject '${options.subject}'` : ''} in ${file}\n`);
    return EXIT.errors;
  }
  for (const profile of chosen) {
    const explanation = explain(rubric, profile, options.node);
    if (!explanation) {
      io.stderr(`mahvan: the rubric has no node '${options.node}'\n`);
      return EXIT.usage;
    }
    const heading = `${profile.subject.id}${profile.wave ? ` (${profile.wave})` : ''}`;
    // the subject's id and answers come from input: each line shows their control characters as codes
    io.stdout(`${[heading, ...explanation.text.split('\n')].map(visibleLine).join('\n')}\n`);
  }
  return EXIT.ok;
}

/** The profiles a file holds: as written by `mahvan score` (they have answers), or scored from assessments. */
function profilesIn(
  rubric: CompiledRubric,
  items: readonly unknown[],
  file: string,
): { profiles: Profile[]; diagnostics: Diagnostic[] } {
  const isProfile = (item: unknown) => typeof item === 'object' && item !== null && 'answers' in item && 'nodes' in item;
  if (items.length > 0 && items.every(isProfile)) {
    const read = readProfiles(items, rubric, { file });
    return { profiles: read.items, diagnostics: read.diagnostics };
  }
  const profiles: Profile[] = [];
  const diagnostics: Diagnostic[] = [];
  items.forEach((item, i) => {
    const result = validateAssessment(rubric, item, { file });
    if (result.ok) profiles.push(scoreAssessment(rubric, result.assessment));
    else for (const d of result.diagnostics) diagnostics.push({ ...d, path: [i, ...d.path] });
  });
  return { profiles, diagnostics };
}
