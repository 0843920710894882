import type { AnswerInput } from '../assessment/model.js';
import type { DiagnosticCode } from '../diagnostics/codes.js';
import { createDiagnostic } from '../diagnostics/create.js';
import { type Diagnostic, sortDiagnostics } from '../diagnostics/diagnostic.js';
import type { CompiledRubric } from '../rubric/compile.js';
import { grown } from '../score/grow.js';
import { RowStore } from '../score/rows.js';
import { roleIndex } from '../score/score-assessment.js';
import { type ScoringTables, scoringTables } from '../score/tables.js';
import type { Validation } from '../score/validation.js';
import type { FactProvenance } from '../subjects/facts.js';
import { compareText } from '../text/order.js';
import type { AttributeValue } from './attribute-values.js';
import type { RowCells } from './cells.js';
import { cellPlace, countTimeProblems, type Rejection, type RowContext, readRow, type Submission } from './read-row.js';
import { SubjectIndex, textHash } from './subject-index.js';
import { cellAddress } from './table.js';
import { TextPool } from './text-pool.js';

/** What became of every row of an export: the totals add up to `rows`. */
export interface RowAccount {
  rows: number;
  scored: number;
  rejected: number;
  skipped: number;
  rejections: Rejection[];
}

/** Who a subject of an export is. */
export interface SubjectDetail {
  id: string;
  wave?: string;
  name?: string;
  attributes: Record<string, AttributeValue>;
}

/** A subject of an export, with its rows in the store (`index`). */
export interface ExportSubject extends SubjectDetail {
  index: number;
  /**
   * Its rows that count, in the order they are scored: the order of their respondents' ids, or, when the rubric
   * scores rows the same in any order (ScoringTables.orderFree), the order they came in.
   */
  rows: Int32Array;
  /** The register's row, when the subjects file gives it facts (see joinExport): scored with `rows`. */
  register?: number;
  facts?: Readonly<Record<string, FactProvenance>>;
  /** What its validators rated, once scored (see exportScorer); its other rows are the self-assessment. */
  validation?: Validation;
}

/**
 * An export read: every kept row's answers in a row store, its subjects in order, who answered each row, and the
 * account of every row. What scoring, profiles, tables and assessments are made from.
 */
export interface ExportData {
  tables: ScoringTables;
  store: RowStore;
  /** How many subjects have a row that counts. */
  count: number;
  /** Subject i of them, by id then wave (as text sorts): made when asked for, so that none need be kept. */
  subject(i: number): ExportSubject;
  /** All of them, in that order (made once, on first use). */
  subjects: readonly ExportSubject[];
  /** The attributes the subjects have, in the order they first come (for a table's columns). */
  attributeKeys: readonly string[];
  account: RowAccount;
  diagnostics: Diagnostic[];
  /** False when the export could not be read at all (see diagnostics). */
  ok: boolean;
  /** A kept row's respondent id and role. */
  respondent(row: number): string;
  role(row: number): string | undefined;
  /** A kept row's answers as objects, when they were asked for (`keepAnswers`). */
  answers(row: number): Record<string, AnswerInput> | undefined;
  /** A subject's rows in the order of their respondents' ids, as profiles list them. */
  byRespondent(subject: ExportSubject): Int32Array;
}

/** The default row limit of an export: far above any survey, low enough to stop a runaway file. */
export const DEFAULT_MAX_ROWS = 10_000_000;

/** Options of collecting an export's rows. */
export interface CollectOptions {
  /** Rows read at most; the rest are rejected with 'export-too-many-rows' (default 10,000,000). */
  maxRows?: number;
  /** Keep each row's answers as objects too (for assessments). */
  keepAnswers?: boolean;
}

/**
 * Reads rows (readRow) into a row store, one subject at a time or interleaved in any order: each row's answers
 * as a byte per indicator, its subject found by id and wave, its respondent's id kept in a pool of code units,
 * and each subject's name and attributes kept once. `finish` resolves duplicate submissions and orders subjects.
 * Without a context (the header cannot be read with the mapping) every row is rejected, and the diagnostics say why.
 */
export class ExportCollector {
  readonly account: RowAccount = { rows: 0, scored: 0, rejected: 0, skipped: 0, rejections: [] };
  readonly diagnostics: Diagnostic[];
  private readonly tables: ScoringTables;
  private readonly store: RowStore;
  private readonly codes: Uint8Array;
  private readonly values: Float64Array;
  private readonly maxRows: number;
  private readonly objects: Record<string, AnswerInput>[] | undefined;
  // per kept row, by store handle: its spreadsheet row, time, detail and respondent (the pool's index = the handle)
  private rowOf = new Int32Array(1024);
  private timeOf = new Float64Array(0);
  private latestOf = new Float64Array(0);
  /** Why a kept row's time is not known for certain, for rows whose timestamp cell is not blank. */
  private readonly timeNotes = new Map<number, string>();
  private detailOf = new Int32Array(1024);
  private subjectOfRow = new Int32Array(1024);
  private readonly respondents = new TextPool();
  // per subject, by store index: its key's parts and its last row's detail
  private readonly subjectIndex = new SubjectIndex();
  /** Names and attributes' values (in the column plan's order) as rows gave them, one entry per subject mostly. */
  private readonly detailNames: (string | undefined)[] = [];
  private readonly detailValues: (readonly (AttributeValue | undefined)[])[] = [];

  // duplicate submissions: the handles of a respondent's rows, by the handle of its first; a subject with many
  // rows finds its respondents in a Map instead of walking its rows
  private readonly duplicates = new Map<number, number[]>();
  private readonly respondentsOf = new Map<number, Map<string, number>>();

  constructor(
    compiled: CompiledRubric,
    private readonly context: RowContext | undefined,
    diagnostics: readonly Diagnostic[],
    options: CollectOptions = {},
  ) {
    this.tables = scoringTables(compiled);
    this.store = new RowStore(this.tables);
    this.codes = new Uint8Array(this.tables.indicators.count);
    this.values = new Float64Array(this.tables.indicators.directs);
    this.maxRows = options.maxRows ?? DEFAULT_MAX_ROWS;
    this.objects = options.keepAnswers ? [] : undefined;
    this.diagnostics = [...diagnostics];
    if (context?.plan.timestamp !== undefined) {
      this.timeOf = new Float64Array(1024);
      this.latestOf = new Float64Array(1024);
    }
  }

  /** Reads one row, and keeps it, rejects it or skips it. */
  push(cells: RowCells): void {
    const account = this.account;
    account.rows++;
    if (!this.context) this.reject({ row: cells.row, ...this.unreadable() });
    else if (account.rows > this.maxRows) this.beyondLimit(cells.row);
    else this.read(this.context, cells);
  }

  private read(context: RowContext, cells: RowCells): void {
    const account = this.account;
    const objects = this.objects ? {} : undefined;
    const result = readRow(context, cells, this.codes, this.values, objects);
    if (result.kind === 'skipped') account.skipped++;
    else if (result.kind === 'rejected') {
      for (const d of result.diagnostics) this.diagnostics.push(d);
      this.reject(result.rejection);
    } else {
      for (const d of result.warnings) this.diagnostics.push(d);
      const handle = this.keep(result);
      if (this.objects && objects) this.objects[handle] = objects;
    }
  }

  private reject(rejection: Rejection): void {
    this.account.rejected++;
    this.account.rejections.push(rejection);
  }

  /** Why a row of an export that cannot be read with its mapping is rejected: the diagnostics before the rows. */
  private unreadable(): { reason: string; code: DiagnosticCode } {
    const cause = this.diagnostics.find((d) => d.severity === 'error');
    const why =
      cause?.code === 'export-ambiguous-encoding'
        ? "the export's encoding cannot be told"
        : 'the export cannot be read with this mapping';
    return {
      reason: `${why} (see the diagnostics before the rows)`,
      code: (cause?.code as DiagnosticCode | undefined) ?? 'export-empty',
    };
  }

  private beyondLimit(row: number): void {
    if (this.account.rows === this.maxRows + 1 && this.context)
      this.diagnostics.push(
        createDiagnostic(
          'export-too-many-rows',
          { limit: this.maxRows, option: 'maxRows (--max-rows)' },
          cellPlace(this.context, row, 0),
        ),
      );
    this.reject({ row, reason: `beyond the row limit of ${this.maxRows}`, code: 'export-too-many-rows' });
  }

  /** Adds a submission's row to the store: its subject found or added, its details kept once, duplicates noted. */
  private keep(s: Submission): number {
    const subject = this.subjectIndex.find(s.subject, s.wave);
    if (subject === this.store.subjects) this.store.addSubject();
    // each row keeps a hash of its respondent's id, compared before the ids themselves
    const hash = textHash(s.respondent);
    const handle = this.store.add(subject, roleIndex(this.tables, s.role), this.codes, this.values, hash);
    if (handle === this.rowOf.length) {
      this.rowOf = grown(this.rowOf);
      if (this.timeOf.length) {
        this.timeOf = grown(this.timeOf);
        this.latestOf = grown(this.latestOf);
      }
      this.detailOf = grown(this.detailOf);
      this.subjectOfRow = grown(this.subjectOfRow);
    }
    this.subjectOfRow[handle] = subject;
    this.rowOf[handle] = s.row;
    if (this.timeOf.length) {
      this.timeOf[handle] = s.time;
      this.latestOf[handle] = s.latest;
      if (s.timeNote !== undefined) this.timeNotes.set(handle, s.timeNote);
    }
    this.detailOf[handle] = this.detail(subject, s);
    const first = this.earlierRow(subject, s.respondent, hash, handle);
    this.respondents.add(s.respondent);
    if (first >= 0) {
      const group = this.duplicates.get(first);
      if (group) group.push(handle);
      else this.duplicates.set(first, [first, handle]);
    }
    return handle;
  }

  /**
   * The index of a row's name and attributes among those kept (-1: none): its subject's last when they are the
   * same (the rows of a subject repeat them), so a subject's texts are kept once.
   */
  private detail(subject: number, s: Submission): number {
    let plain = s.name === undefined;
    for (let i = 0; i < s.attributes.length && plain; i++) plain = s.attributes[i] === undefined;
    if (plain) return -1;
    const last = this.store.kept(subject);
    if (last >= 0) {
      if (this.detailNames[last] === s.name && sameValues(this.detailValues[last] ?? [], s.attributes)) return last;
    }
    const index = this.detailNames.length;
    this.detailNames.push(s.name);
    this.detailValues.push(s.attributes);
    this.store.keep(subject, index);
    return index;
  }

  /** The first earlier row of `subject` by respondent `id`, or -1; `handle` is the row being added. */
  private earlierRow(subject: number, id: string, hash: number, handle: number): number {
    const known = this.respondentsOf.get(subject);
    if (known) {
      const first = known.get(id);
      if (first === undefined) known.set(id, handle);
      return first ?? -1;
    }
    let count = 0;
    const { store, respondents } = this;
    for (let h = store.first(subject); h >= 0 && h !== handle; h = store.next(h)) {
      if (store.key(h) === hash && respondents.equals(h, id)) return h;
      count++;
    }
    if (count + 1 >= MANY) {
      const map = new Map<string, number>();
      for (let h = store.first(subject); h >= 0 && h !== handle; h = store.next(h)) {
        const r = respondents.get(h);
        if (!map.has(r)) map.set(r, h);
      }
      map.set(id, handle);
      this.respondentsOf.set(subject, map);
    }
    return -1;
  }

  /** The export read: duplicates resolved by the policy, subjects described and ordered, the account closed. */
  finish(): ExportData {
    this.resolveDuplicates();
    // what finding subjects and respondents needed is let go before the subjects are described
    this.subjectIndex.release();
    this.duplicates.clear();
    this.respondentsOf.clear();
    const subjects = this.describeSubjects();
    if (this.context) countTimeProblems(this.context, this.diagnostics);
    this.release();
    this.account.rejections.sort((a, b) => a.row - b.row);
    return new ReadExport(
      this.tables,
      this.store,
      subjects,
      this.account,
      sortDiagnostics(this.diagnostics),
      this.context !== undefined,
      this.respondents,
      this.objects,
      (rows) => this.byRespondent(rows),
    );
  }

  /**
   * Keeps one submission of each respondent by the policy (the latest or the first by timestamp, then by row;
   * or none), and reports each group. When the export has a timestamp column and a time the order needs is
   * unknown, no submission is kept: row order would decide, silently.
   */
  private resolveDuplicates(): void {
    const context = this.context;
    if (!context) return;
    const { duplicates: policy } = context.policies;
    const rowAt = (h: number) => this.rowOf[h] as number;
    const column = context.plan.respondent ?? context.plan.subject;
    for (const [first, group] of this.duplicates) {
      const keep = policy === 'reject' ? undefined : this.kept(group, policy === 'latest');
      const respondent = this.respondents.get(first);
      const subject = this.subjectOfRow[first] as number;
      const subjectId = this.subjectIndex.ids[subject] as string;
      const place = cellPlace(context, rowAt(first), column);
      const unordered = keep === -1 ? this.unordered(group) : undefined;
      if (unordered) {
        const { note, ambiguous } = unordered;
        const params = { respondent, subject: subjectId, count: group.length, policy, note, ambiguous };
        this.diagnostics.push(createDiagnostic('row-duplicate-unordered', params, unordered.place));
      } else
        this.diagnostics.push(
          createDiagnostic(
            'row-duplicate',
            { respondent, subject: subjectId, kept: keep === undefined ? 0 : rowAt(keep), policy },
            place,
          ),
        );
      for (const h of group) {
        if (h === keep) continue;
        this.store.drop(subject, h);
        this.reject({
          row: rowAt(h),
          ...(context.plan.respondent === undefined
            ? {}
            : { cell: cellAddress(rowAt(h), context.plan.respondent), column: context.header[context.plan.respondent] ?? '' }),
          value: respondent,
          reason: unordered
            ? `duplicate submission, and which is the ${policy} is unknown: ${unordered.note}`
            : keep === undefined
              ? 'duplicate submission'
              : `duplicate submission; row ${rowAt(keep)} is kept`,
          code: unordered ? 'row-duplicate-unordered' : 'row-duplicate',
        });
      }
    }
  }

  /**
   * The latest (or first) of a respondent's submissions: the one every other surely came before (after), or -1
   * when a time that decides it is unknown. A date that reads both ways is each of its two times; equal times go
   * by row. Without a timestamp column, by row.
   */
  private kept(group: readonly number[], latest: boolean): number {
    const rows = this.rowOf;
    if (!this.timeOf.length) return group.reduce((a, b) => ((rows[b] as number) > (rows[a] as number) === latest ? b : a));
    const low = this.timeOf;
    const high = this.latestOf;
    // a came before b for certain (NaN, an unknown time, is before nothing and after nothing)
    const before = (a: number, b: number) =>
      (high[a] as number) < (low[b] as number) ||
      ((high[a] as number) === (low[b] as number) && (rows[a] as number) < (rows[b] as number));
    // the only candidate: the latest of the earliest times (the first of the latest), ties by row
    let k = group[0] as number;
    for (const h of group)
      if (
        latest
          ? before(k, h) || (low[h] as number) > (low[k] as number)
          : before(h, k) || (high[h] as number) < (high[k] as number)
      )
        k = h;
    for (const h of group) if (h !== k && !(latest ? before(h, k) : before(k, h))) return -1;
    return k;
  }

  /** Why a group of submissions cannot be ordered: its first row whose time is unknown or reads both ways. */
  private unordered(group: readonly number[]): { note: string; ambiguous: boolean; place: ReturnType<typeof cellPlace> } {
    const context = this.context as RowContext;
    const column = context.plan.timestamp as number;
    const rows = this.rowOf;
    const uncertain = group
      .filter((h) => !((this.timeOf[h] as number) === (this.latestOf[h] as number)))
      .sort((a, b) => (rows[a] as number) - (rows[b] as number));
    const h = uncertain[0] as number;
    const row = rows[h] as number;
    const note = this.timeNotes.get(h) ?? `${cellAddress(row, column)} is blank`;
    return { note, ambiguous: !Number.isNaN(this.timeOf[h] as number), place: cellPlace(context, row, column) };
  }

  /**
   * Subjects with kept rows, by id then wave, each described by its kept rows in row order (the first row that
   * has each attribute, or a name, gives it). The rows of all subjects lie in one array, each subject's in a
   * stretch of it, in the order they are scored. Kept by column, not as an object per subject.
   */
  private describeSubjects(): Subjects {
    const { store } = this;
    const offset = new Int32Array(store.subjects + 1);
    for (let s = 0; s < store.subjects; s++) offset[s + 1] = (offset[s] as number) + store.size(s);
    const rows = new Int32Array(offset[store.subjects] as number);
    const fill = offset.slice(0, store.subjects);
    for (let h = 0; h < store.rows; h++) {
      if (store.dropped(h)) continue;
      const s = this.subjectOfRow[h] as number;
      rows[fill[s] as number] = h;
      fill[s] = (fill[s] as number) + 1;
    }
    this.account.scored += rows.length;
    const ids = this.context?.plan.attributes.map((a) => a.id) ?? [];
    const names: (string | undefined)[] = new Array(store.subjects);
    const attributes: (Record<string, AttributeValue> | undefined)[] = new Array(store.subjects);
    for (let s = 0; s < store.subjects; s++) {
      const own = rows.subarray(offset[s] as number, offset[s + 1] as number);
      let found: Record<string, AttributeValue> | undefined;
      for (let i = 0; i < own.length; i++) {
        const d = this.detailOf[own[i] as number] as number;
        if (d < 0) continue;
        names[s] ??= this.detailNames[d];
        this.detailValues[d]?.forEach((v, a) => {
          const id = ids[a] as string;
          found ??= {};
          if (v !== undefined && !Object.hasOwn(found, id)) found[id] = v;
        });
      }
      if (found && Object.keys(found).length > 0) attributes[s] = found;
      if (!this.tables.orderFree) this.byRespondent(own);
    }
    const { ids: subjectIds, waves } = this.subjectIndex;
    const order = Int32Array.from({ length: store.subjects }, (_, s) => s)
      .filter((s) => (offset[s + 1] as number) > (offset[s] as number))
      .sort(
        (a, b) => compareText(subjectIds[a] as string, subjectIds[b] as string) || compareText(waves[a] ?? '', waves[b] ?? ''),
      );
    const keys = new Set<string>();
    for (const s of order) for (const k of Object.keys(attributes[s] ?? {})) keys.add(k);
    return { order, offset, rows, ids: subjectIds, waves, names, attributes, keys: [...keys] };
  }

  /** What only reading needed, let go once the export is read (the data keeps the store and the pool). */
  private release(): void {
    this.detailNames.length = 0;
    this.detailValues.length = 0;
    this.rowOf = new Int32Array(0);
    this.timeOf = new Float64Array(0);
    this.latestOf = new Float64Array(0);
    this.timeNotes.clear();
    this.detailOf = new Int32Array(0);
    this.subjectOfRow = new Int32Array(0);
  }

  /**
   * Puts a subject's rows in the order of their respondents' ids: by insertion for the few rows most subjects
   * have, by the platform's sort (n log n) for many.
   */
  private byRespondent(rows: Int32Array): Int32Array {
    const pool = this.respondents;
    if (rows.length > MANY) return rows.sort((a, b) => pool.compare(a, b) || a - b);
    for (let i = 1; i < rows.length; i++) {
      const row = rows[i] as number;
      let j = i - 1;
      while (j >= 0 && pool.compare(rows[j] as number, row) > 0) {
        rows[j + 1] = rows[j] as number;
        j--;
      }
      rows[j + 1] = row;
    }
    return rows;
  }
}

const MANY = 16;
const NO_ATTRIBUTES: Record<string, AttributeValue> = Object.freeze({}) as Record<string, AttributeValue>;

/** An export's subjects by column: subject `order[i]` is the i-th, its rows `rows[offset[s]..offset[s + 1])`. */
interface Subjects {
  order: Int32Array;
  offset: Int32Array;
  rows: Int32Array;
  ids: readonly string[];
  waves: readonly (string | undefined)[];
  names: readonly (string | undefined)[];
  attributes: readonly (Record<string, AttributeValue> | undefined)[];
  keys: readonly string[];
}

/** A read export (see ExportData): its subjects made as they are asked for. */
class ReadExport implements ExportData {
  private made: ExportSubject[] | undefined;

  constructor(
    readonly tables: ScoringTables,
    readonly store: RowStore,
    private readonly columns: Subjects,
    readonly account: RowAccount,
    readonly diagnostics: Diagnostic[],
    readonly ok: boolean,
    private readonly pool: TextPool,
    private readonly objects: Record<string, AnswerInput>[] | undefined,
    private readonly sort: (rows: Int32Array) => Int32Array,
  ) {}

  get count(): number {
    return this.columns.order.length;
  }

  get attributeKeys(): readonly string[] {
    return this.columns.keys;
  }

  subject(i: number): ExportSubject {
    const { order, offset, rows, ids, waves, names, attributes } = this.columns;
    const s = order[i] as number;
    const wave = waves[s];
    const name = names[s];
    return {
      id: ids[s] as string,
      ...(wave === undefined ? {} : { wave }),
      ...(name === undefined ? {} : { name }),
      attributes: attributes[s] ?? NO_ATTRIBUTES,
      index: s,
      rows: rows.subarray(offset[s] as number, offset[s + 1] as number),
    };
  }

  get subjects(): readonly ExportSubject[] {
    this.made ??= Array.from({ length: this.count }, (_, i) => this.subject(i));
    return this.made;
  }

  respondent(row: number): string {
    return this.pool.get(row);
  }

  role(row: number): string | undefined {
    return this.tables.policy.roles[this.store.role[row] as number];
  }

  answers(row: number): Record<string, AnswerInput> | undefined {
    return this.objects?.[row];
  }

  byRespondent(subject: ExportSubject): Int32Array {
    return this.tables.orderFree ? this.sort(subject.rows.slice()) : subject.rows;
  }
}

/** Two rows' attributes are the same values (most rows of a subject repeat them). */
function sameValues(a: readonly unknown[], b: readonly unknown[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return a.length === b.length;
}

/** An export that could not be read at all (bytes, header, file): no rows, and the diagnostics that say why. */
export function failedExport(compiled: CompiledRubric, diagnostics: readonly Diagnostic[]): ExportData {
  return new ExportCollector(compiled, undefined, diagnostics).finish();
}
