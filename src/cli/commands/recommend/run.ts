import { summarizeCohort } from '../../../cohort/summarize.js';
import { recommendationDocument } from '../../../policy/document.js';
import { formatRecommendation } from '../../../policy/format.js';
import { recommendWithLevers } from '../../../policy/levers.js';
import type { Recommendation } from '../../../policy/model.js';
import type { Profile } from '../../../score/profile.js';
import { visibleLine } from '../../../text/visible.js';
import { type CliIo, EXIT } from '../../io.js';
import { profilesFor, recommendationsFor } from '../../shared/documents.js';
import { documentList, outputClash, writeOutput } from '../../shared/outputs.js';
import { policyFor } from '../../shared/policy.js';
import { localeFor, rubricFor } from '../../shared/rubric.js';

export interface RecommendCommandOptions {
  rubric: string;
  policy: string;
  previous?: string;
  previousProfiles?: string;
  format: 'json' | 'ndjson' | 'text';
  locale?: string;
  output?: string;
  cohort?: string;
  maxBytes?: number;
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
  const bound = options.maxBytes === undefined ? {} : { maxBytes: options.maxBytes };
  const profiles = await profilesFor(file, rubric, io, bound);
  if (typeof profiles === 'number') return profiles;
  const bySubject = <T extends { subject: { id: string } }>(list: T[] | number) =>
    typeof list === 'number' ? list : new Map(list.map((item) => [item.subject.id, item] as const));
  const previousRecs = options.previous
    ? bySubject(await recommendationsFor(options.previous, policy, io, bound))
    : new Map<string, Recommendation>();
  if (typeof previousRecs === 'number') return previousRecs;
  const previousProfiles = options.previousProfiles
    ? bySubject(await profilesFor(options.previousProfiles, rubric, io, { anyVersion: true, ...bound }))
    : new Map<string, Profile>();
  if (typeof previousProfiles === 'number') return previousProfiles;

  const recommendations = profiles.map((profile) => {
    const recommendation = previousRecs.get(profile.subject.id);
    const previousProfile = previousProfiles.get(profile.subject.id);
    const previous = { ...(recommendation ? { recommendation } : {}), ...(previousProfile ? { profile: previousProfile } : {}) };
    return recommendWithLevers(rubric, profile, policy, { previous });
  });
  const fallbacks = [...(rubric.rubric.fallbacks[locale] ?? []), rubric.rubric.defaultLocale, 'en'];
  let out = '';
  if (options.format === 'text')
    out = `${recommendations.map((r) => formatRecommendation(r, policy, locale, fallbacks)).join('\n\n')}\n`;
  else {
    const list = documentList(options.format, (piece) => {
      out += piece;
    });
    for (const r of recommendations) list.add(JSON.stringify(recommendationDocument(r)));
    list.end();
  }
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
        `equity: ${e.attribute} = ${visibleLine(e.value ?? '(none)')} gets ${e.track} in ${e.granted} of ${e.qualified} qualifying cases, the rest ${Math.round((e.restRate ?? 0) * 100)}%\n`,
      );
  }

  return EXIT.ok;
}
