// The 255 synthetic Israeli local authorities that both example generators draw on: generate-subjects.mjs writes
// their register facts, generate-export.mjs their staff's answers. Seeded by a fixed seed, so every wave and every
// register year describes the same authorities. Everything here is invented; only the distributions follow public
// figures (see the comment at the head of each generator).

/** mulberry32: a small, well-known seeded generator. */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const pick = (rand, items, weights) => {
  let r = rand() * weights.reduce((a, b) => a + b, 0);
  for (let i = 0; i < items.length; i++) {
    r -= weights[i];
    if (r < 0) return items[i];
  }
  return items[items.length - 1];
};
export const normal = (rand) => Math.sqrt(-2 * Math.log(rand() || 1e-12)) * Math.cos(2 * Math.PI * rand());
const clamp = (x, lo, hi) => Math.max(lo, Math.min(hi, x));

/** The register years; the survey wave of year Y asks about year Y − 1 ("last year"). */
export const YEARS = [2025, 2026];

const TYPES = [...Array(77).fill('city'), ...Array(124).fill('local-council'), ...Array(54).fill('regional-council')];
const NAME_PREFIX = { city: 'עיריית', 'local-council': 'מועצה מקומית', 'regional-council': 'מועצה אזורית' };
const DISTRICTS = ['צפון', 'חיפה', 'מרכז', 'תל אביב', 'ירושלים', 'דרום', 'יהודה ושומרון'];
// Where each sector lives (weights per district, in the order above): no Arab authority in Judea and Samaria,
// Druze in the north and Haifa, Bedouin in the Negev and the Galilee, mixed cities in the old mixed towns.
const DISTRICT_WEIGHTS = {
  jewish: [19, 8, 23, 12, 8, 15, 14],
  haredi: [5, 0, 25, 15, 30, 0, 25],
  mixed: [30, 15, 25, 15, 15, 0, 0],
  arab: [66, 15, 15, 0, 4, 0, 0],
  druze: [75, 25, 0, 0, 0, 0, 0],
  bedouin: [35, 0, 0, 0, 0, 65, 0],
};
// Each regional cluster lies in one district; `periphery` is its members' typical CBS periphery index, `weight`
// its relative size within the district.
const CLUSTERS = {
  צפון: [
    { name: 'אשכול גליל מערבי', periphery: 3, weight: 3 },
    { name: 'אשכול גליל מזרחי', periphery: 3, weight: 3 },
    { name: 'אשכול בית הכרם', periphery: 3.5, weight: 2 },
    { name: 'אשכול גולן', periphery: 2, weight: 1 },
    { name: 'אשכול עמקים', periphery: 4, weight: 2 },
  ],
  חיפה: [
    { name: 'אשכול מנשה', periphery: 5, weight: 1 },
    { name: 'אשכול כרמל', periphery: 5.5, weight: 1 },
  ],
  מרכז: [
    { name: 'אשכול שרון', periphery: 7, weight: 1 },
    { name: 'אשכול שורקות', periphery: 6.5, weight: 1 },
  ],
  ירושלים: [{ name: 'אשכול יהודה', periphery: 6, weight: 1 }],
  דרום: [
    { name: 'אשכול נגב מערבי', periphery: 3, weight: 3 },
    { name: 'אשכול נגב מזרחי', periphery: 2.5, weight: 3 },
    { name: 'אשכול ערבה', periphery: 1, weight: 1 },
  ],
  'יהודה ושומרון': [{ name: 'אשכול שומרון', periphery: 4.5, weight: 1 }],
};
// Share of a district's authorities in a regional cluster (the clusters grew from the periphery; none in Tel Aviv).
const CLUSTER_SHARE = { צפון: 0.8, חיפה: 0.7, מרכז: 0.65, 'תל אביב': 0, ירושלים: 0.6, דרום: 0.85, 'יהודה ושומרון': 0.5 };
// Typical periphery index of the district's authorities outside any cluster (1 = most peripheral).
const DISTRICT_PERIPHERY = { צפון: 3.5, חיפה: 6, מרכז: 7.5, 'תל אביב': 9, ירושלים: 6.5, דרום: 3, 'יהודה ושומרון': 4.5 };
// Median residents by type, for the budgets' size.
const MEDIAN_RESIDENTS = { city: 55000, 'local-council': 9000, 'regional-council': 15000 };

function sectorOf(place, type) {
  const arab = type === 'local-council' ? place() < 0.55 : type === 'city' ? place() < 0.12 : place() < 0.06;
  if (arab) return pick(place, ['arab', 'druze', 'bedouin'], [70, 15, 15]);
  const weights = { city: [78, 8, 14], 'local-council': [90, 8, 2], 'regional-council': [100, 0, 0] }[type];
  return pick(place, ['jewish', 'haredi', 'mixed'], weights);
}

function districtOf(place, type, sector) {
  // no regional council lies in the Tel Aviv district
  const weights = DISTRICT_WEIGHTS[sector].map((w, i) => (type === 'regional-council' && DISTRICTS[i] === 'תל אביב' ? 0 : w));
  return pick(place, DISTRICTS, weights);
}

function clusterOf(place, district, sector) {
  const clusters = CLUSTERS[district] ?? [];
  if (clusters.length === 0 || place() >= CLUSTER_SHARE[district]) return undefined;
  // the Negev's Bedouin towns belong to the eastern Negev cluster
  if (sector === 'bedouin' && district === 'דרום') return clusters.find((c) => c.name === 'אשכול נגב מזרחי');
  return pick(
    place,
    clusters,
    clusters.map((c) => c.weight),
  );
}

/**
 * One register year: supervision, the budgets approved, those received (draw-down = received ÷ approved, around the
 * authority's own level) and those executed on the ground (≤ received). `execRand` is a stream of its own, so adding
 * execution left every earlier figure as it was.
 */
function yearOf(rand, execRand, a, year) {
  const weakness = a.weakness + normal(rand) * 0.2;
  const supervision = weakness > 2.1 ? 'ועדה קרואה' : weakness > 1.5 ? 'תוכנית הבראה' : weakness > 0.95 ? 'חשב מלווה' : 'ללא';
  const growth = 1.04 ** (year - YEARS[0]);
  const approved = Math.round((a.budget * growth * Math.exp(normal(rand) * 0.12)) / 1000) * 1000;
  const unused = Math.min(0.75, Math.exp(a.logUnused + normal(rand) * 0.3));
  const received = Math.round(approved * (1 - unused));
  // execution lags receipt: projects take years, tenders fail; the capable and the financially sound lag less
  const executedShare = clamp(0.86 + a.capability * 0.04 - Math.max(0, weakness) * 0.05 + normal(execRand) * 0.07, 0.35, 1);
  return { supervision, approved, received, executed: Math.round(received * executedShare) };
}

function authority(place, type, i) {
  const sector = sectorOf(place, type);
  const arab = ['arab', 'druze', 'bedouin'].includes(sector);
  const district = districtOf(place, type, sector);
  const cluster = clusterOf(place, district, sector);
  const socio =
    arab || sector === 'haredi'
      ? pick(place, [1, 2, 3, 4, 5], [14, 35, 33, 14, 4])
      : pick(place, [2, 3, 4, 5, 6, 7, 8, 9, 10], [3, 6, 10, 17, 17, 19, 16, 9, 3]);
  const base = cluster?.periphery ?? DISTRICT_PERIPHERY[district];
  const periphery = clamp(Math.round(base + (socio - 5) * 0.3 + normal(place) * 0.7), 1, 10);
  // one latent capability drives the staff's answers, the finances and the draw-down alike. It follows the
  // socio-economic cluster, periphery and the authority's own variation only: no term for the sector, so an Arab,
  // Druze or Bedouin authority is as capable as a Jewish one of the same standing and place
  const capability = normal(place);
  const ability = 1.4 + socio * 0.22 + (periphery - 5) * 0.04 + capability * 0.55;
  const weakness = -(socio - 4) * 0.25 + (arab ? 0.3 : 0) - capability * 0.45 + normal(place) * 0.55;
  // The unused share is skewed (most draw nearly everything, a few leave much): log-normal around the sector's
  // level. The sector's level is the register's fact the seeds state (about 33% unused in Arab authorities, 10%
  // overall: budgets built for them that their procedures and matching requirements do not fit), not a capability.
  const logUnused = Math.log(arab ? 0.26 : 0.04) - capability * 0.2 + Math.max(0, weakness) * 0.2 + normal(place) * 0.4;
  const residents = MEDIAN_RESIDENTS[type] * Math.exp(normal(place) * 0.7);
  // government budgets per resident: more for regional councils, the periphery and the Arab authorities (plan 550)
  const perResident =
    1700 *
    (type === 'regional-council' ? 1.3 : 1) *
    (periphery <= 3 ? 1.2 : 1) *
    (arab ? 1.1 : 1) *
    Math.exp(normal(place) * 0.25);
  return {
    id: `LA-${String(i + 1).padStart(3, '0')}`,
    name: `${NAME_PREFIX[type]} ${i + 1}`,
    type,
    sector,
    arab,
    district,
    socio,
    periphery,
    cluster: cluster?.name ?? '',
    residents: Math.round(residents),
    capability,
    ability,
    weakness,
    logUnused,
    budget: residents * perResident,
    respondents: type === 'city' ? 6 + Math.floor(place() * 5) : 3 + Math.floor(place() * 2),
  };
}

const place = prng(255);
const drafts = TYPES.map((type, i) => authority(place, type, i));

// The Mawared programme (resource utilisation and economic development) operates in about 58 Arab, Druze and Bedouin
// authorities, mostly local councils in the north and the Triangle and Bedouin authorities in the south; none
// elsewhere. Drawn without replacement with these weights (a weighted random key per authority, the 58 largest).
export const MAWARED_COUNT = 58;
const MAWARED_TYPE = { city: 1, 'local-council': 3, 'regional-council': 1.5 };
const MAWARED_DISTRICT = { צפון: 3, חיפה: 2, מרכז: 2, ירושלים: 0.5, דרום: 3 };
const mawaredRand = prng(5858);
const mawared = new Set(
  drafts
    .map((a) => [a.arab ? mawaredRand() ** (1 / (MAWARED_TYPE[a.type] * (MAWARED_DISTRICT[a.district] ?? 0.1))) : -1, a.id])
    .filter(([key]) => key >= 0)
    .sort((x, y) => y[0] - x[0])
    .slice(0, MAWARED_COUNT)
    .map(([, id]) => id),
);

const yearRand = new Map(YEARS.map((y) => [y, prng(255000 + y)]));
const execRand = new Map(YEARS.map((y) => [y, prng(256000 + y)]));

/** The authorities, each with its register facts per year (`years.get(2025)`) and its Mawared membership. */
export const authorities = drafts.map((a) => {
  const years = new Map(YEARS.map((y) => [y, yearOf(yearRand.get(y), execRand.get(y), a, y)]));
  return { ...a, mawared: mawared.has(a.id), years };
});

/** The register year nearest to `year` (the first or the last outside them). */
export const registerYear = (year) => (YEARS.includes(year) ? year : year < YEARS[0] ? YEARS[0] : YEARS[YEARS.length - 1]);

/** The share of approved budgets the authority received (drew down) in `year`. */
export function utilization(a, year) {
  const { approved, received } = a.years.get(registerYear(year));
  return received / approved;
}

/** The wave whose answers describe the authorities as they are drawn; later waves change (see `change`). */
export const BASE_WAVE = 2026;

/**
 * How much an authority's capability changed between the base wave and `wave`, per year: most change little
 * (about ±0.1 a year), about one in ten declines markedly (a head replaced, key posts vacated), about one in ten
 * improves markedly on its own; authorities in an accompaniment programme improve: Mawared ones in resource
 * utilisation above all (`resources`), those with an accompanying accountant or a recovery plan in general.
 * Returns { general, resources } in points of latent capability; seeded per authority, the same in every run.
 */
export function change(a, wave) {
  const years = Math.max(0, wave - BASE_WAVE);
  if (years === 0) return { general: 0, resources: 0 };
  const rand = prng(7717 * Number(a.id.slice(3)));
  const kind = rand();
  const own = normal(rand) * 0.1;
  const supervised = ['חשב מלווה', 'תוכנית הבראה'].includes(a.years.get(registerYear(wave - 1)).supervision);
  let general = own + (kind < 0.1 ? -0.45 : kind > 0.9 ? 0.45 : 0) + (supervised ? 0.25 : 0);
  let resources = a.mawared ? 0.55 + rand() * 0.3 : 0;
  general *= years;
  resources *= years;
  return { general, resources };
}
