// Seeded benchmark data shaped like a real survey export: the tree of data.mjs with indicator weights of 1..3
// (aggregated by weighted mean), and a CSV export as a survey tool downloads it: a UTF-8 BOM, the subject's
// Hebrew or Arabic name, the respondent's job title, a free-text comment (quoted when it holds a comma or a
// quote), and the rows of all subjects interleaved in the order the submissions arrived. The same arguments give
// the same bytes.
import { createWriteStream, existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { CAPABILITIES, DOMAINS, INDICATORS, indicatorId, PER_CAPABILITY, prng } from './data.mjs';

/** Every indicator's weight (1, 2 or 3), in rubric order: the baseline reads them here rather than from YAML. */
export const weights = (() => {
  const rand = prng(2026);
  return Uint8Array.from({ length: INDICATORS }, () => 1 + Math.floor(rand() * 3));
})();

/** The realistic rubric as YAML: data.mjs's tree, its indicators weighted, groups by weighted mean. */
export function realisticRubricYaml() {
  const lines = [
    'mahvan: 1',
    'id: bench-realistic',
    'version: "1"',
    'title: {he: "מחוון מדידה לרשויות מקומיות", en: Local authority benchmark rubric}',
    'locales: [he, en]',
    'tiers: [domain, capability, indicator]',
    'scales:',
    '  five:',
    '    type: ordinal',
    '    levels:',
    ...[1, 2, 3, 4, 5].map((v) => `      - {value: ${v}, label: {he: "רמה ${v}", en: "Level ${v}"}}`),
    'levels:',
    '  - {id: low, label: Low, from: 1}',
    '  - {id: basic, label: Basic, from: 2}',
    '  - {id: solid, label: Solid, from: 3}',
    '  - {id: high, label: High, from: 4}',
    'scoring: {aggregation: weighted-mean, respondents: {combine: mean}}',
    'nodes:',
  ];
  let k = 0;
  for (let d = 0; d < DOMAINS; d++) {
    lines.push(`  - id: D${d + 1}`, `    title: Domain ${d + 1}`, '    children:');
    for (let c = 0; c < CAPABILITIES; c++) {
      lines.push(`      - id: D${d + 1}.C${c + 1}`, `        title: Capability ${d + 1}.${c + 1}`, '        children:');
      for (let i = 0; i < PER_CAPABILITY; i++)
        lines.push(
          `          - {id: ${indicatorId(d, c, i)}, title: Indicator ${d + 1}.${c + 1}.${i + 1}, question: "Q ${d + 1}.${c + 1}.${i + 1}?", scale: five, weight: ${weights[k++]}}`,
        );
    }
  }
  return `${lines.join('\n')}\n`;
}

// The words the text columns are made of. Some hold a quote (מנכ"ל, מוא"ז): such a cell is written quoted, the
// quote doubled, as spreadsheets and survey tools write it.
const HEBREW_PREFIXES = ['עיריית', 'המועצה המקומית', 'המועצה האזורית', 'מוא"ז'];
const HEBREW_PLACES = ['גבעת הדקל', 'נווה אורן', 'קריית הגפן', 'רמת השקד', 'כפר התבור', 'עין הצבר', 'מעלה הזית', 'שדה ארז'];
const ARABIC_PREFIXES = ['بلدية', 'المجلس المحلي', 'المجلس الإقليمي'];
const ARABIC_PLACES = ['عين الزيتون', 'كفر التين', 'دير الأسد', 'بيت الجبل', 'وادي السنديان', 'تل الورد'];
const ROLES = ['גזבר/ית', 'מנכ"ל הרשות', 'מהנדס/ת הרשות', 'מבקר/ת הפנים', 'מזכיר/ת המועצה', 'יועמ"ש', 'מנהל/ת מערכות מידע', 'רכז/ת רכש'];
const COMMENTS = [
  'הנתונים חלקיים, חסר מידע מאגף הכספים',
  'מולא בשיתוף עם מחלקת הגבייה',
  'לפי דו"ח המבקר, יש פערים בתיעוד',
  'ראו הערת המנכ"ל בישיבת ההנהלה',
  'התשובות נכונות לסוף הרבעון, לפני אישור התקציב',
  'لا توجد بيانات كافية، بانتظار التحديث',
  'تم التحديث في آذار, حسب تعليمات الوزارة',
  'حسب "خطة العمل" المصادق عليها',
];

/** A cell as CSV writes it: quoted, its quotes doubled, when it holds a comma, a quote or a line break. */
const cell = (text) => (/[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text);
const QUOTED_ROLES = ROLES.map(cell);
const QUOTED_COMMENTS = COMMENTS.map(cell);

/** murmur3's finalizer: a seed for one subject's or one row's generator from small integers. */
function mix(h) {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Subject `s`'s name (quoted as written): Hebrew or Arabic, made unique by its number. */
function subjectName(s, seed) {
  const rand = prng(mix(mix(seed ^ 0x5bd1e995) ^ s));
  const pick = (list) => list[Math.floor(rand() * list.length)];
  const name = rand() < 0.7 ? `${pick(HEBREW_PREFIXES)} ${pick(HEBREW_PLACES)} ${s}` : `${pick(ARABIC_PREFIXES)} ${pick(ARABIC_PLACES)} ${s}`;
  return cell(name);
}

/**
 * Writes `rows` rows of export to `path`. The subjects are drawn as in data.mjs (2 to 5 respondents, about 3.15),
 * or, with `oneSubject`, every row is a respondent of one subject; then every row's place is shuffled. A row is
 * (subject, respondent) and its cells are generated from those and the seed, so the shuffle moves small integers
 * and 1,000,000 rows take a few megabytes. Returns the number of subjects.
 */
export async function writeRealisticExport(path, rows, { seed = 42, oneSubject = false } = {}) {
  const rand = prng(seed);
  const subjectOf = new Int32Array(rows);
  const respondentOf = new Int32Array(rows);
  let subject = 0;
  let left = 0;
  for (let r = 0; r < rows; r++) {
    if (left === 0 && !(oneSubject && subject === 1)) {
      subject++;
      left = oneSubject ? rows : 2 + Math.floor(rand() * 3) + (rand() < 0.15 ? 1 : 0);
    }
    left--;
    subjectOf[r] = subject;
    respondentOf[r] = left;
  }
  // the order submissions arrived in: Fisher–Yates over row indices
  const order = Uint32Array.from({ length: rows }, (_, i) => i);
  for (let i = rows - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }

  const ids = [];
  for (let d = 0; d < DOMAINS; d++) for (let c = 0; c < CAPABILITIES; c++) for (let i = 0; i < PER_CAPABILITY; i++) ids.push(indicatorId(d, c, i));
  const out = createWriteStream(path);
  const write = async (text) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  await write(`\uFEFFsubject_id,subject_name,respondent_id,role_title,comment,${ids.join(',')}\n`);
  let chunk = '';
  for (let p = 0; p < rows; p++) {
    const s = subjectOf[order[p]];
    const respondent = respondentOf[order[p]];
    const row = prng(mix(mix(mix(seed) ^ s) ^ respondent));
    const ability = 1 + ((s * 2654435761) % 1000) / 250;
    const role = QUOTED_ROLES[Math.floor(row() * ROLES.length)];
    // most comments are empty, as in real exports
    const comment = row() < 0.15 ? QUOTED_COMMENTS[Math.floor(row() * COMMENTS.length)] : '';
    let line = `S${s},${subjectName(s, seed)},S${s}-r${respondent},${role},${comment}`;
    for (let k = 0; k < INDICATORS; k++) {
      const x = row();
      line += x < 0.05 ? ',' : `,${Math.max(1, Math.min(5, Math.round(ability + (x - 0.5) * 2)))}`;
    }
    chunk += `${line}\n`;
    if (chunk.length > 1 << 16) {
      await write(chunk);
      chunk = '';
    }
  }
  await write(chunk);
  out.end();
  await once(out, 'finish');
  return subject;
}

/** The realistic data for a size (one subject's rows, with `oneSubject`), generated once under .bench-data/ and reused. */
export async function ensureRealisticData(root, rows, { oneSubject = false } = {}) {
  const dir = join(root, '.bench-data');
  mkdirSync(dir, { recursive: true });
  const rubric = join(dir, 'realistic-rubric.yaml');
  writeFileSync(rubric, realisticRubricYaml());
  const csv = join(dir, `realistic-${oneSubject ? 'one-' : ''}${rows}.csv`);
  if (!existsSync(csv)) {
    // written aside and renamed, so an interrupted run leaves no half file to be reused
    const part = `${csv}.part`;
    await writeRealisticExport(part, rows, { oneSubject });
    renameSync(part, csv);
  }
  return { rubric, csv };
}
