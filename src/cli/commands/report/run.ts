import { join, resolve } from 'node:path';
import { summarizeCohort } from '../../../cohort/summarize.js';
import { writeFileAtomic, writeXlsx } from '../../../node/index.js';
import { withAllocations } from '../../../policy/allocate.js';
import { recommendWithLevers } from '../../../policy/levers.js';
import type { Recommendation } from '../../../policy/model.js';
import { robustness } from '../../../policy/robustness.js';
import { renderCohortReport } from '../../../report/cohort-report.js';
import { renderMarkdownSummary } from '../../../report/markdown.js';
import { renderSubjectReport } from '../../../report/subject-report.js';
import { neutralizeFormula, profileTable, tableCsv } from '../../../report/tables.js';
import { directionOf } from '../../../report/text.js';
import { bySubjectId } from '../../../text/order.js';
import { type CliIo, EXIT } from '../../io.js';
import { type YamlLimitOptions, yamlLimits } from '../../shared/command.js';
import { profilesFor, recommendationsFor } from '../../shared/documents.js';
import { ioMessage } from '../../shared/io-message.js';
import { policyFor } from '../../shared/policy.js';
import { localeFor, rubricFor } from '../../shared/rubric.js';
import { alternativesFor } from '../robustness/run.js';

export interface ReportCommandOptions extends YamlLimitOptions {
  alternatives?: string;
  synthetic?: boolean;
  rubric: string;
  policy?: string;
  recommendations?: string;
  previousProfiles?: string;
  locale?: string;
  output: string;
  maxBytes?: number;
}

/** A file name for a subject id: safe on every file system, and distinct for distinct ids. */
export function subjectFileName(id: string, taken: Set<string>): string {
  const base =
    id
      .replace(/[^A-Za-z0-9._-]/g, '_')
      .replace(/^\.+/, '_')
      .slice(0, 80) || 'subject';
  let name = `${base}.html`;
  for (let k = 2; taken.has(name.toLowerCase()); k++) name = `${base}-${k}.html`;
  taken.add(name.toLowerCase());
  return name;
}

/**
 * `mahvan report --rubric R [--policy P] profiles.json -o out/`: writes index.html (the cohort), one HTML page
 * per subject under subjects/, summary.md, and profiles.csv and profiles.xlsx with one row per subject.
 */
export async function reportCommand(file: string, options: ReportCommandOptions, io: CliIo): Promise<number> {
  const rubric = await rubricFor(options.rubric, io, yamlLimits(options));
  if (typeof rubric === 'number') return rubric;
  const locale = localeFor(options.locale, rubric, io);
  if (typeof locale === 'number') return locale;
  const policy = options.policy ? await policyFor(options.policy, rubric, io, yamlLimits(options)) : undefined;
  if (typeof policy === 'number') return policy;
  const bound = options.maxBytes === undefined ? {} : { maxBytes: options.maxBytes };
  const profiles = await profilesFor(file, rubric, io, bound);
  if (typeof profiles === 'number') return profiles;
  const previousList = options.previousProfiles
    ? await profilesFor(options.previousProfiles, rubric, io, { anyVersion: true, ...bound })
    : [];
  if (typeof previousList === 'number') return previousList;
  const previous = new Map(previousList.map((p) => [p.subject.id, p] as const));

  let recommendations: Recommendation[] = [];
  if (options.recommendations) {
    const read = await recommendationsFor(options.recommendations, policy, io, bound);
    if (typeof read === 'number') return read;
    recommendations = read;
  } else if (policy) {
    recommendations = profiles.map((profile) => {
      const before = previous.get(profile.subject.id);
      return recommendWithLevers(rubric, profile, policy, before ? { previous: { profile: before } } : {});
    });
  }
  // the pools are shared again over these profiles: the same numbers recommend wrote, and the cohort's summary of them
  const byId = new Map(recommendations.map((r) => [r.subject.id, r] as const));
  const shared = policy
    ? withAllocations(
        policy,
        profiles.flatMap((profile) => {
          const recommendation = byId.get(profile.subject.id);
          return recommendation ? [{ profile, recommendation }] : [];
        }),
      )
    : undefined;
  if (shared?.pools.length) recommendations = shared.recommendations;
  const recOf = new Map(recommendations.map((r) => [r.subject.id, r] as const));
  const summary = {
    ...summarizeCohort(rubric, profiles, {
      ...(recommendations.length ? { recommendations } : {}),
      ...(policy ? { policy } : {}),
    }),
    ...(shared?.pools.length ? { allocations: shared.pools } : {}),
  };

  // decided again under other defensible methods: how many decisions hold (docs/decisions.md, Robustness)
  if (options.alternatives && !policy) {
    io.stderr('mahvan: --alternatives decides again under other methods: give the policy too (--policy)\n');
    return EXIT.usage;
  }
  const alternatives = options.alternatives ? await alternativesFor(options.alternatives, rubric, io, options) : undefined;
  if (typeof alternatives === 'number') return alternatives;
  const stable = alternatives && policy ? robustness(rubric, policy, profiles, alternatives) : undefined;

  const out = resolve(io.cwd, options.output);
  const taken = new Set<string>();
  // no prototype: a subject may be called '__proto__', which assigning to `{}` would not store
  const links: Record<string, string> = Object.create(null);
  const sorted = bySubjectId(profiles);
  try {
    for (const profile of sorted) {
      const name = subjectFileName(profile.subject.id, taken);
      links[profile.subject.id] = `subjects/${name}`;
      const recommendation = recOf.get(profile.subject.id);
      const before = previous.get(profile.subject.id);
      const html = renderSubjectReport({
        rubric,
        profile,
        locale,
        synthetic: options.synthetic ?? false,
        ...(recommendation ? { recommendation } : {}),
        ...(policy ? { policy } : {}),
        ...(before ? { previous: before } : {}),
      });
      await writeFileAtomic(join(out, 'subjects', name), html);
    }
    const input = {
      rubric,
      profiles,
      summary,
      locale,
      synthetic: options.synthetic ?? false,
      ...(policy ? { policy } : {}),
      ...(recommendations.length ? { recommendations } : {}),
    };
    await writeFileAtomic(
      join(out, 'index.html'),
      renderCohortReport({ ...input, links, ...(stable ? { robustness: { ...stable, declared: alternatives ?? [] } } : {}) }),
    );
    await writeFileAtomic(join(out, 'summary.md'), renderMarkdownSummary(input));
    const table = profileTable(rubric, profiles, recommendations);
    await writeFileAtomic(join(out, 'profiles.csv'), tableCsv(table));
    const cells = [table.columns, ...table.rows].map((r) => r.map((c) => (typeof c === 'string' ? neutralizeFormula(c) : c)));
    await writeXlsx(join(out, 'profiles.xlsx'), { profiles: cells }, { rtl: directionOf(locale) === 'rtl' });
  } catch (error) {
    io.stderr(`mahvan: cannot write to ${options.output}: ${ioMessage(error)}\n`);
    return EXIT.usage;
  }
  io.stderr(
    `reports of ${profiles.length} subjects written to ${options.output}: index.html, subjects/, summary.md, profiles.csv, profiles.xlsx\n`,
  );
  return EXIT.ok;
}
