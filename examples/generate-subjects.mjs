// Writes the register facts of the 255 synthetic Israeli local authorities (examples/authorities.mjs) for 2025 and
// 2026, one row per authority and year, as a ministry would export them: the subjects file that
// `mahvan score --subjects` joins to the survey export by the authority's code. Seeded: every run gives the same
// bytes. UTF-8 with a BOM, CRLF, comma-separated, Hebrew headers.
//
//   node examples/generate-subjects.mjs [--out examples/data/subjects.csv]
//
// Every authority, name and figure is invented. The distributions follow public figures: about 77 cities, 124
// local councils and 54 regional councils; about a third of authorities Arab (Arab, Druze, Bedouin), nearly all
// of them in socio-economic clusters 1–4 (CBS, 1 = lowest); the CBS periphery index (1 = most peripheral) lower in
// the north and the south and correlated with the socio-economic cluster; about 70% of authorities in a regional
// cluster, each cluster in one district; no Arab authority in Judea and Samaria, Druze in the north and Haifa,
// Bedouin in the Negev and the Galilee; a few percent under a recovery plan, fewer under an appointed committee,
// some with an accompanying accountant, more often the weak and the Arab authorities; the resource-utilization
// gap: about 10% of approved government budgets not received (drawn down) overall, about 33% in Arab authorities,
// and execution on the ground (executed ≤ received) lagging further behind; the Mawared programme in 58 Arab,
// Druze and Bedouin authorities (`משתתפת בתוכנית מווארד`, כן/לא), none elsewhere. Capability carries no term for
// the sector: the gap is the register's draw-down model, as the seeds state it.
//
// Columns: code, name, year, district, type, sector, socio-economic cluster, periphery, regional cluster,
// supervision, Mawared, budgets approved, received (draw-down = received ÷ approved) and executed (execution =
// executed ÷ approved).
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { authorities, YEARS } from './authorities.mjs';

const { values: args } = parseArgs({ options: { out: { type: 'string', default: 'examples/data/subjects.csv' } } });

const TYPE_LABEL = { city: 'עירייה', 'local-council': 'מועצה מקומית', 'regional-council': 'מועצה אזורית' };
const SECTOR_LABEL = { jewish: 'יהודי', arab: 'ערבי', druze: 'דרוזי', bedouin: 'בדואי', haredi: 'חרדי', mixed: 'מעורב' };

const header = [
  'סמל רשות',
  'שם הרשות',
  'שנה',
  'מחוז',
  'סוג רשות',
  'מגזר',
  'אשכול חברתי-כלכלי',
  'מדד פריפריאליות',
  'אשכול אזורי',
  'מצב פיקוח',
  'משתתפת בתוכנית מווארד',
  'תקציבים שאושרו',
  'תקציבים שהתקבלו',
  'תקציבים שבוצעו',
];
// the authorities are already in code order (LA-001…), and YEARS ascending
const rows = authorities.flatMap((a) =>
  YEARS.map((year) => {
    const facts = a.years.get(year);
    return [
      a.id,
      a.name,
      String(year),
      a.district,
      TYPE_LABEL[a.type],
      SECTOR_LABEL[a.sector],
      String(a.socio),
      String(a.periphery),
      a.cluster,
      facts.supervision,
      a.mawared ? 'כן' : 'לא',
      String(facts.approved),
      String(facts.received),
      String(facts.executed),
    ];
  }),
);
const csv = (cell) => (/[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);
writeFileSync(args.out, `\ufeff${[header, ...rows].map((l) => l.map(csv).join(',')).join('\r\n')}\r\n`);
console.log(`wrote ${args.out}: ${rows.length} rows, ${authorities.length} authorities, years ${YEARS.join(', ')}`);
