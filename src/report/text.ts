import { type LocalizedText, resolveText } from '../text/localized.js';
import { inert, oneLine } from '../text/visible.js';

/** Locales written right to left (by primary language subtag). */
const RTL = new Set(['he', 'ar', 'fa', 'ur', 'yi', 'iw']);

export const directionOf = (locale: string): 'rtl' | 'ltr' =>
  RTL.has(locale.toLowerCase().split(/[-_]/)[0] ?? '') ? 'rtl' : 'ltr';

/** Text from input, made safe for HTML: markup escaped, control and direction-override characters made visible. */
export function escapeHtml(value: unknown): string {
  return inert(String(value ?? ''))
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Text for a Markdown table cell: one line, pipes escaped, controls made visible. */
export function escapeMarkdown(value: unknown): string {
  return oneLine(String(value ?? '')).replace(/([\\|`*_[\]<>])/g, '\\$1');
}

/** A number for people: fixed decimals, so the same input gives the same bytes; '–' when unknown. */
export const fmt = (value: number | null | undefined, digits = 2): string =>
  value === null || value === undefined || !Number.isFinite(value) ? '–' : value.toFixed(digits);

/** Resolves a localized text for a report: the locale, then its fallbacks, then the rubric's default. */
export function textIn(locale: string, fallbacks: readonly string[]) {
  return (text: LocalizedText | undefined, otherwise = '') => resolveText(text, locale, fallbacks) || otherwise;
}

/** The words of the reports, per language; Arabic is an unreviewed translation. */
const WORDS = {
  en: {
    profile: 'Capability profile',
    cohort: 'Cohort report',
    overall: 'Overall',
    score: 'Score',
    level: 'Level',
    target: 'Target',
    gap: 'Gap',
    coverage: 'Coverage',
    confidence: 'Confidence',
    domains: 'Domains',
    capabilities: 'Capabilities',
    priorities: 'Gaps and priorities',
    weightedGap: 'Weighted gap',
    engagement: 'Recommended engagement',
    primary: 'Primary track',
    secondary: 'Secondary tracks',
    measures: 'Measures',
    focus: 'Focus',
    reasons: 'Why',
    levers: 'What would change the decision',
    warnings: 'Warnings',
    change: 'Change since the previous wave',
    previous: 'Previous',
    current: 'Current',
    delta: 'Change',
    subjects: 'Subjects',
    subject: 'Subject',
    tracks: 'Subjects per track',
    peerGroups: 'Peer groups',
    heatmap: 'Scores by domain',
    equity: 'Equity check',
    quality: 'Is the rubric sound?',
    alpha: "Cronbach's alpha",
    none: 'None',
    noScore: 'no score',
    lowCoverage: 'Too little answered for a score',
    disagreement: 'Respondents disagree',
    missingEvidence: 'No evidence for a high answer',
    invalidAnswer: 'Invalid answers',
    legendScore: 'Score',
    legendTarget: 'Target',
    legendValidation: "External validators' rating",
    synthetic: 'Synthetic data: the figures of this report were generated for a demonstration and describe no real authority.',
    mean: 'Mean',
    median: 'Median',
    n: 'n',
    track: 'Track',
    generated: 'Written by mahvan',
    flagged: 'flagged',
    qualified: 'qualified',
    granted: 'granted',
    improved: 'improved',
    declined: 'declined',
    stable: 'stable',
    new: 'new',
    'no-score': 'no score',
  },
  he: {
    profile: 'פרופיל יכולות',
    cohort: 'דוח קבוצתי',
    overall: 'ציון כולל',
    score: 'ציון',
    level: 'רמה',
    target: 'יעד',
    gap: 'פער',
    coverage: 'כיסוי',
    confidence: 'ביטחון',
    domains: 'תחומים',
    capabilities: 'יכולות',
    priorities: 'פערים וסדרי עדיפויות',
    weightedGap: 'פער משוקלל',
    engagement: 'ההתקשרות המומלצת',
    primary: 'מסלול ראשי',
    secondary: 'מסלולים משניים',
    measures: 'צעדים',
    focus: 'מוקדים',
    reasons: 'נימוקים',
    levers: 'מה ישנה את ההחלטה',
    warnings: 'אזהרות',
    change: 'שינוי מאז הסבב הקודם',
    previous: 'קודם',
    current: 'נוכחי',
    delta: 'שינוי',
    subjects: 'רשויות',
    subject: 'רשות',
    tracks: 'רשויות לפי מסלול',
    peerGroups: 'קבוצות השוואה',
    heatmap: 'ציונים לפי תחום',
    equity: 'בדיקת הוגנות',
    quality: 'האם המחוון תקין?',
    alpha: 'אלפא של קרונבך',
    none: 'אין',
    noScore: 'אין ציון',
    lowCoverage: 'מעט מדי תשובות לציון',
    disagreement: 'המשיבים חלוקים',
    missingEvidence: 'אין אסמכתא לתשובה גבוהה',
    invalidAnswer: 'תשובות לא תקינות',
    legendScore: 'ציון',
    legendTarget: 'יעד',
    legendValidation: 'דירוג מתקפים חיצוניים',
    synthetic: 'נתונים סינתטיים: הנתונים בדוח זה נוצרו לצורך הדגמה ואינם מתארים אף רשות אמיתית.',
    mean: 'ממוצע',
    median: 'חציון',
    n: 'מספר',
    track: 'מסלול',
    generated: 'נכתב בידי mahvan',
    flagged: 'סומן',
    qualified: 'זכאיות',
    granted: 'קיבלו',
    improved: 'השתפר',
    declined: 'ירד',
    stable: 'יציב',
    new: 'חדש',
    'no-score': 'אין ציון',
  },
  ar: {
    profile: 'ملف القدرات',
    cohort: 'تقرير المجموعة',
    overall: 'الدرجة الكلية',
    score: 'الدرجة',
    level: 'المستوى',
    target: 'الهدف',
    gap: 'الفجوة',
    coverage: 'التغطية',
    confidence: 'الثقة',
    domains: 'المجالات',
    capabilities: 'القدرات',
    priorities: 'الفجوات والأولويات',
    weightedGap: 'الفجوة الموزونة',
    engagement: 'التعامل الموصى به',
    primary: 'المسار الرئيسي',
    secondary: 'مسارات ثانوية',
    measures: 'خطوات',
    focus: 'نقاط التركيز',
    reasons: 'الأسباب',
    levers: 'ما الذي يغيّر القرار',
    warnings: 'تحذيرات',
    change: 'التغيّر منذ الجولة السابقة',
    previous: 'السابق',
    current: 'الحالي',
    delta: 'التغيّر',
    subjects: 'السلطات',
    subject: 'السلطة',
    tracks: 'السلطات حسب المسار',
    peerGroups: 'مجموعات المقارنة',
    heatmap: 'الدرجات حسب المجال',
    equity: 'فحص الإنصاف',
    quality: 'هل المؤشر سليم؟',
    alpha: 'ألفا كرونباخ',
    none: 'لا يوجد',
    noScore: 'لا درجة',
    lowCoverage: 'إجابات قليلة جداً لإعطاء درجة',
    disagreement: 'المجيبون مختلفون',
    missingEvidence: 'لا دليل لإجابة مرتفعة',
    invalidAnswer: 'إجابات غير صالحة',
    legendScore: 'الدرجة',
    legendTarget: 'الهدف',
    legendValidation: 'تقييم المُقيِّمين الخارجيين',
    synthetic: 'بيانات اصطناعية: أُنتجت أرقام هذا التقرير لأغراض العرض التوضيحي ولا تصف أي سلطة حقيقية.',
    mean: 'المتوسط',
    median: 'الوسيط',
    n: 'العدد',
    track: 'المسار',
    generated: 'كتبه mahvan',
    flagged: 'مُعلَّم',
    qualified: 'مؤهَّلة',
    granted: 'حصلت',
    improved: 'تحسّن',
    declined: 'تراجع',
    stable: 'مستقر',
    new: 'جديد',
    'no-score': 'لا درجة',
  },
} as const;

export type Words = { readonly [K in keyof (typeof WORDS)['en']]: string };

/** The report's words in a locale (by primary subtag), English when the language has none. */
export const wordsFor = (locale: string): Words =>
  (WORDS as Record<string, Words>)[locale.toLowerCase().split(/[-_]/)[0] ?? 'en'] ?? WORDS.en;
