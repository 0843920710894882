import { blockingOf } from '../../../cohort/fairness.js';
import { type CohortMember, type CohortRecommendation, cohortMember, summarizeMembers } from '../../../cohort/summarize.js';
import type { ReadDocumentsOptions } from '../../../node/read-documents.js';
import type { PieceWriter } from '../../../node/write-file.js';
import { allocateScreened, type PoolSummary, type ScreenedSubject, screenSubject } from '../../../policy/allocate.js';
import { recommendationDocument } from '../../../policy/document.js';
import { formatRecommendation } from '../../../policy/format.js';
import { recommendWithLevers } from '../../../policy/levers.js';
import type { Policy, Recommendation } from '../../../policy/model.js';
import type { RecommendOptions } from '../../../policy/recommend.js';
import type { CompiledRubric } from '../../../rubric/compile.js';
import type { Profile } from '../../../score/profile.js';
import { jsonPieces } from '../../../text/json-pieces.js';
import { visibleLine } from '../../../text/visible.js';
import { type CliIo, EXIT } from '../../io.js';
import { type YamlLimitOptions, yamlLimits } from '../../shared/command.js';
import { eachProfile, profilesFor, recommendationsFor } from '../../shared/documents.js';
import { documentList, outputClash, writePieces } from '../../shared/outputs.js';
import { policyFor } from '../../shared/policy.js';
import { localeFor, rubricFor } from '../../shared/rubric.js';

export interface RecommendCommandOptions extends YamlLimitOptions {
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
  const rubric = await rubricFor(options.rubric, io, yamlLimits(options));
  if (typeof rubric === 'number') return rubric;
  const locale = localeFor(options.locale, rubric, io);
  if (typeof locale === 'number') return locale;
  const policy = await policyFor(options.policy, rubric, io, yamlLimits(options));
  if (typeof policy === 'number') return policy;
  const bound = options.maxBytes === undefined ? {} : { maxBytes: options.maxBytes };
  const previous = await previousWave(options, rubric, policy, io, bound);
  if (typeof previous === 'number') return previous;

  // each profile's recommendation is written as soon as it is worked out; memory keeps the tallies, and the
  // what a cohort summary reads of each profile
  const fallbacks = [...(rubric.rubric.fallbacks[locale] ?? []), rubric.rubric.defaultLocale, 'en'];
  const tally = recommendationTally();
  const allocating = policy.allocations.length
    ? ([] as { screened: ScreenedSubject; recommendation: Recommendation }[])
    : undefined;
  let pools: PoolSummary[] = [];
  const cohort = options.cohort ? { members: [] as CohortMember[], recommendations: [] as CohortRecommendation[] } : undefined;
  const done = await writePieces(
    options.output,
    io,
    async (write) => {
      const output = batched(write);
      const list = options.format === 'text' ? undefined : documentList(options.format, output.add);
      const emit = (r: Recommendation) => {
        if (list) list.add(JSON.stringify(recommendationDocument(r)));
        else output.add(`${tally.count === 0 ? '' : '\n\n'}${formatRecommendation(r, policy, locale, fallbacks)}`);
        tally.add(r);
        return output.full();
      };
      const code = await eachProfile(file, rubric, io, bound, (profile) => {
        const r = recommendWithLevers(rubric, profile, policy, { previous: previous(profile.subject.id) });
        if (cohort) {
          cohort.members.push(cohortMember(rubric, profile));
          cohort.recommendations.push({
            subject: r.subject,
            primary: r.primary,
            qualified: r.qualified,
            unguarded: r.unguarded,
            blocked: blockingOf(r, policy),
          });
        }
        // a pool is shared among the whole cohort: its recommendations wait for the last profile
        if (allocating) allocating.push({ screened: screenSubject(policy, profile, r), recommendation: r });
        else return emit(r);
      });
      if (code !== EXIT.ok) return code;
      if (allocating) {
        const shared = allocateScreened(
          policy,
          allocating.map((a) => a.screened),
        );
        pools = shared.pools;
        for (const { recommendation: r } of allocating)
          await emit({ ...r, allocations: shared.bySubject.get(r.subject.id) ?? [] });
      }
      if (list) list.end();
      else output.add('\n');
      await output.flush();
      return EXIT.ok;
    },
    (code) => code === EXIT.ok,
  );
  if (!done) return EXIT.usage;
  if (done.result !== EXIT.ok) return done.result;
  const counts = tally.primaries;
  const summary = policy.tracks
    .map((t) => `${t.id} ${counts.get(t.id) ?? 0}`)
    .concat(counts.has('none') ? [`none ${counts.get('none')}`] : [])
    .join(', ');
  io.stderr(`${tally.count} recommendations (${summary})${options.output ? ` written to ${options.output}` : ''}\n`);
  for (const [what, count] of tally.unevaluated)
    io.stderr(`warning: ${what} could not be evaluated for ${count} of ${tally.count} subjects; it did not hold\n`);
  for (const pool of pools) io.stderr(`${poolLine(pool)}\n`);
  if (options.cohort) {
    const summary = {
      ...summarizeMembers(rubric, cohort?.members ?? [], { recommendations: cohort?.recommendations ?? [], policy }),
      ...(pools.length ? { allocations: pools } : {}),
    };
    const written = await writePieces(options.cohort, io, async (write) => {
      const output = batched(write);
      for (const piece of jsonPieces(summary)) {
        output.add(piece);
        await output.full();
      }
      output.add('\n');
      await output.flush();
    });
    if (!written) return EXIT.usage;
    const flagged = summary.equity?.filter((e) => e.flagged) ?? [];
    io.stderr(`cohort summary of ${summary.subjects} subjects written to ${options.cohort}\n`);
    for (const e of flagged)
      io.stderr(
        `equity: ${e.attribute} = ${visibleLine(e.value ?? '(none)')} gets ${e.track} in ${e.granted} of ${e.qualified} qualifying cases, the rest ${Math.round((e.restRate ?? 0) * 100)}%\n`,
      );
  }

  return EXIT.ok;
}

/** One pool on standard error: what was shared among how many, and what was not, with why. */
function poolLine(p: PoolSummary): string {
  const left =
    p.status === 'no-eligible'
      ? '; no subject was eligible, nothing was shared'
      : p.status === 'floors-exceed-pool'
        ? `; the floors of ${p.eligible} eligible subjects need more than the pool, nothing was shared: lower the floor or raise the pool`
        : p.undistributed > 0
          ? `; ${p.undistributed} left undistributed: every eligible subject is at its cap`
          : '';
  const warning = p.status === 'allocated' ? '' : 'warning: ';
  return `${warning}allocation '${p.id}': ${p.total} of ${p.pool} to ${p.eligible} of ${p.considered} subjects considered (${p.ineligible} ineligible, ${p.belowThreshold} below the threshold, ${p.unscored} without a score)${left}`;
}

/** Last wave's recommendation and profile of a subject, from `--previous` and `--previous-profiles` (held in memory). */
async function previousWave(
  options: RecommendCommandOptions,
  rubric: CompiledRubric,
  policy: Policy,
  io: CliIo,
  bound: ReadDocumentsOptions,
): Promise<((subject: string) => NonNullable<RecommendOptions['previous']>) | number> {
  const bySubject = <T extends { subject: { id: string } }>(list: T[] | number) =>
    typeof list === 'number' ? list : new Map(list.map((item) => [item.subject.id, item] as const));
  const recommendations = options.previous
    ? bySubject(await recommendationsFor(options.previous, policy, io, bound))
    : new Map<string, Recommendation>();
  if (typeof recommendations === 'number') return recommendations;
  const profiles = options.previousProfiles
    ? bySubject(await profilesFor(options.previousProfiles, rubric, io, { anyVersion: true, ...bound }))
    : new Map<string, Profile>();
  if (typeof profiles === 'number') return profiles;
  return (subject) => {
    const recommendation = recommendations.get(subject);
    const profile = profiles.get(subject);
    return { ...(recommendation ? { recommendation } : {}), ...(profile ? { profile } : {}) };
  };
}

/** What the summary on standard error reports: how many recommendations, per primary track, and conditions not evaluated. */
function recommendationTally() {
  const primaries = new Map<string, number>();
  // a condition that could not be evaluated did not hold; said once per rule or guard, with how often
  const unevaluated = new Map<string, number>();
  const tally = {
    count: 0,
    primaries,
    unevaluated,
    add(r: Recommendation): void {
      tally.count++;
      primaries.set(r.primary ?? 'none', (primaries.get(r.primary ?? 'none') ?? 0) + 1);
      for (const reason of r.reasons)
        for (const fact of reason.facts) {
          if (fact.error === undefined) continue;
          const key = `the ${reason.kind} '${reason.id}': ${fact.condition} (${fact.error})`;
          unevaluated.set(key, (unevaluated.get(key) ?? 0) + 1);
        }
    },
  };
  return tally;
}

/** Text handed to `write` in pieces of about a megabyte: one write per recommendation would cost a turn each. */
function batched(write: PieceWriter) {
  let text = '';
  const flush = () => {
    const piece = text;
    text = '';
    return piece ? write(piece) : undefined;
  };
  return {
    add(piece: string): void {
      text += piece;
    },
    full: () => (text.length >= 1 << 20 ? flush() : undefined),
    flush,
  };
}
