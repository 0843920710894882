import { formatDiagnostic } from '../../diagnostics/format.js';
import { explain } from '../../score/explain.js';
import { scoreAssessment } from '../../score/score-assessment.js';
import { type CliIo, EXIT } from '../io.js';
import { readAssessments, rubricFor } from './score.js';

/** `mahvan explain --rubric R assessment.json --node ID`: prints how a node's score was computed. */
export async function explainCommand(
  file: string,
  options: { rubric: string; node: string; subject?: string },
  io: CliIo,
): Promise<number> {
  const rubric = await rubricFor(options.rubric, io);
  if (typeof rubric === 'number') return rubric;
  const read = await readAssessments(rubric, [file], io);
  if (typeof read === 'number') return read;
  for (const d of read.diagnostics) io.stderr(`${formatDiagnostic(d)}\n`);
  const chosen = options.subject ? read.assessments.filter((a) => a.subject.id === options.subject) : read.assessments;
  if (chosen.length === 0) {
    io.stderr(`mahvan: no assessment${options.subject ? ` of subject '${options.subject}'` : ''} in ${file}\n`);
    return EXIT.errors;
  }
  for (const assessment of chosen) {
    const explanation = explain(scoreAssessment(rubric, assessment), options.node);
    if (!explanation) {
      io.stderr(`mahvan: the rubric has no node '${options.node}'\n`);
      return EXIT.usage;
    }
    io.stdout(`${assessment.subject.id}${assessment.wave ? ` (${assessment.wave})` : ''}\n${explanation.text}\n`);
  }
  return EXIT.ok;
}
