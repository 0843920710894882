import { resolve } from 'node:path';
import { summarizeCohort } from '../../cohort/summarize.js';
import { formatDiagnostic } from '../../diagnostics/format.js';
import { loadPolicyFile, readTextFile } from '../../node/index.js';
import { formatRecommendation } from '../../policy/format.js';
import { recommendWithLevers } from '../../policy/levers.js';
import type { Policy, Recommendation } from '../../policy/model.js';
import type { CompiledRubric } from '../../rubric/compile.js';
import type { Profile } from '../../score/profile.js';
import { type CliIo, EXIT } from '../io.js';
import { localeFor, outputClash, rubricFor, writeOutput } from './score.js';
import { ioMessage } from './validate.js';

export interface RecommendCommandOptions {
  rubric: string;
  policy: string;
  previous?: string;
  previousProfiles?: string;
  format: 'json' | 'text';
  locale?: string;
  output?: string;
  cohort?: string;
}

/** A policy loaded for a command, or the exit code to stop with. */
export async function policyFor(file: string, rubric: CompiledRubric, io: CliIo): Promise<Policy | number> {
  try {
    const result = await loadPolicyFile(resolve(io.cwd, file), rubric, { file });
    for (const d of result.diagnostics) io.stderr(`${formatDiagnostic(d, { hints: true })}\n`);
    return result.ok ? result.policy : EXIT.errors;
  } catch (error) {
    io.stderr(`mahvan: cannot read ${file}: ${ioMessage(error)}\n`);
    return EXIT.usage;
  }
}

/** Reads a JSON list written by mahvan (profiles or recommendations), checking each item has a subject id. */
export async function readSubjectList<T extends { subject: { id: string } }>(
  file: string,
  what: string,
  io: CliIo,
): Promise<T[] | number> {
  let data: unknown;
  try {
    data = JSON.parse(await readTextFile(resolve(io.cwd, file)));
  } catch (error) {
    const reason = error instanceof SyntaxError ? `not JSON (${error.message})` : ioMessage(error);
    io.stderr(`mahvan: cannot read ${file}: ${reason}\n`);
    return EXIT.usage;
  }
  const list = Array.isArray(data) ? data : [data];
  const bad = list.findIndex((item) => typeof (item as { subject?: { id?: unknown } })?.subject?.id !== 'string');
  if (bad >= 0) {
    io.stderr(
      `mahvan: ${file}: item ${bad + 1} is not ${what} (it has no subject.id); write it with mahvan ${what === 'a profile' ? 'score' : 'recommend'}\n`,
    );
    return EXIT.usage;
  }
  return list as T[];
}

/** `mahvan recommend --rubric R --policy P profiles.json`: a recommendation per profile, with its reasons. */
export async function recommendCommand(file: string, options: RecommendCommandOptions, io: CliIo): Promise<number> {
  const clash = outputClash(io.cwd, { '-o': options.output, '--cohort': options.cohort }, [
    options.rubric,
    options.policy,
    options.previous,
    options.previousProfiles,
    file,
  ]);
  if (clash) {
    io.stderr(`mahvan: ${clash}\n`);
    return EXIT.usage;
  }
  const rubric = await rubricFor(options.rubric, io);
  if (typeof rubric === 'number') return rubric;
  const locale = localeFor(options.locale, rubric, io);
  if (typeof locale === 'number') return locale;
  const policy = await policyFor(options.policy, rubric, io);
  if (typeof policy === 'number') return policy;
  const profiles = await readSubjectList<Profile>(file, 'a profile', io);
  if (typeof profiles === 'number') return profiles;
  const foreign = profiles.find((p) => p.rubric?.id !== rubric.rubric.id);
  if (foreign) {
    io.stderr(
      `mahvan: ${file}: the profile of '${foreign.subject.id}' was scored with the rubric '${foreign.rubric?.id}', not '${rubric.rubric.id}'\n`,
    );
    return EXIT.errors;
  }
  const bySubject = async <T extends { subject: { id: string } }>(path: string | undefined, what: string) => {
    if (!path) return new Map<string, T>();
    const list = await readSubjectList<T>(path, what, io);
    return typeof list === 'number' ? list : new Map(list.map((item) => [item.subject.id, item] as const));
  };
  const previousRecs = await bySubject<Recommendation>(options.previous, 'a recommendation');
  if (typeof previousRecs === 'number') return previousRecs;
  const previousProfiles = await bySubject<Profile>(options.previousProfiles, 'a profile');
  if (typeof previousProfiles === 'number') return previousProfiles;

  const recommendations = profiles.map((profile) => {
    const recommendation = previousRecs.get(profile.subject.id);
    const previousProfile = previousProfiles.get(profile.subject.id);
    const previous = { ...(recommendation ? { recommendation } : {}), ...(previousProfile ? { profile: previousProfile } : {}) };
    return recommendWithLevers(rubric, profile, policy, { previous });
  });
  const fallbacks = [...(rubric.rubric.fallbacks[locale] ?? []), rubric.rubric.defaultLocale, 'en'];
  const out =
    options.format === 'text'
      ? `${recommendations.map((r) => formatRecommendation(r, policy, locale, fallbacks)).join('\n\n')}\n`
      : `${JSON.stringify(recommendations, null, 2)}\n`;
  if (options.output) {
    if (!(await writeOutput(options.output, out, io))) return EXIT.usage;
  } else io.stdout(out);
  const counts = new Map<string, number>();
  for (const r of recommendations) counts.set(r.primary ?? 'none', (counts.get(r.primary ?? 'none') ?? 0) + 1);
  const summary = policy.tracks
    .map((t) => `${t.id} ${counts.get(t.id) ?? 0}`)
    .concat(counts.has('none') ? [`none ${counts.get('none')}`] : [])
    .join(', ');
  io.stderr(`${recommendations.length} recommendations (${summary})${options.output ? ` written to ${options.output}` : ''}\n`);
  // a condition that could not be evaluated did not hold; say so once per rule or guard, with how often
  const unevaluated = new Map<string, number>();
  for (const r of recommendations)
    for (const reason of r.reasons)
      for (const fact of reason.facts) {
        if (fact.error === undefined) continue;
        const key = `the ${reason.kind} '${reason.id}': ${fact.condition} (${fact.error})`;
        unevaluated.set(key, (unevaluated.get(key) ?? 0) + 1);
      }
  for (const [what, count] of unevaluated)
    io.stderr(`warning: ${what} could not be evaluated for ${count} of ${recommendations.length} subjects; it did not hold\n`);
  if (options.cohort) {
    const summary = summarizeCohort(rubric, profiles, { recommendations, policy });
    if (!(await writeOutput(options.cohort, `${JSON.stringify(summary, null, 2)}\n`, io))) return EXIT.usage;
    const flagged = summary.equity?.filter((e) => e.flagged) ?? [];
    io.stderr(`cohort summary of ${summary.subjects} subjects written to ${options.cohort}\n`);
    for (const e of flagged)
      io.stderr(
        `equity: ${e.attribute} = ${e.value ?? '(none)'} gets ${e.track} in ${e.granted} of ${e.qualified} qualifying cases, the rest ${Math.round((e.restRate ?? 0) * 100)}%\n`,
      );
  }

  return EXIT.ok;
}
