import type { ExportData, ExportSubject } from '../exports/collect.js';
import { respondentsOf, subjectOf } from '../exports/score-export.js';
import { AgreementStats, addRow, agreementOf, needsConsensus, type ProfileAgreement } from '../score/agreement.js';
import { gapOf, priorities, reasonOf, targetOf } from '../score/build-profile.js';
import { levelIndex } from '../score/levels.js';
import { F, FLAG_BITS, type NodeArrays, S, STATUS } from '../score/rules.js';
import { CODE } from '../score/tables.js';
import { JsonBytes, type JsonPiece, jsonPiece } from './json-bytes.js';

/**
 * Writes the profiles of an export's subjects as JSON, straight from the engine's arrays and the row store:
 * byte for byte `JSON.stringify(profileDocument(exportProfile(...)))` (a property test holds them equal), but
 * with no object made per node or answer, so that a million rows write in seconds and a subject of a million
 * respondents in bounded memory. The pieces that never change (keys, node ids, levels, flags) are prepared once.
 */
export class ProfileJsonWriter {
  private readonly head: JsonPiece;
  /** Per step: `"id":{"score":` (the overall's without its id: it has its own key). */
  private readonly open: JsonPiece[];
  private readonly steps: Int32Array;
  private readonly levels: JsonPiece[][];
  private readonly levelNull = jsonPiece(',"level":null,"coverage":');
  private readonly flagsOf: JsonPiece[];
  /** Per indicator and code (k << 7 | code): the length of its text, then the text. */
  private readonly pointText: Uint8Array;
  private readonly pointStride: number;
  private readonly evidenceIds: string[];
  /** Scratch: a row's codes. */
  private readonly codes: Uint8Array;

  constructor(private readonly data: ExportData) {
    const t = data.tables;
    const { rubric } = t.compiled;
    this.head = jsonPiece(`{"rubric":${JSON.stringify({ id: rubric.id, version: rubric.version })},"subject":`);
    this.open = t.ids.map((id, i) => jsonPiece(i === t.ids.length - 1 ? '{"score":' : `${JSON.stringify(id)}:{"score":`));
    // the nodes in the order JSON.stringify gives their keys (integer-like ids first, as objects order them)
    const order: Record<string, number> = {};
    for (const node of t.compiled.nodes) order[node.id] = t.stepOf.get(node.id) as number;
    this.steps = Int32Array.from(Object.values(order));
    // a level with the key after it: one piece between two numbers
    this.levels = t.levels.map((levels) => levels.map((l) => jsonPiece(`,"level":${JSON.stringify(l.id)},"coverage":`)));
    this.flagsOf = Array.from({ length: 1 << FLAG_BITS.length }, (_, bits) => {
      const names = FLAG_BITS.filter((_, b) => (bits & (1 << b)) !== 0);
      return jsonPiece(names.length ? `,"flags":${JSON.stringify(names)}` : '');
    });
    // an answer's text by indicator and code (without evidence): its raw points, "na", "invalid" or null, in
    // one array of `pointStride` bytes each (a row's answers are written in one loop)
    const { indicators } = t;
    const texts: Uint8Array[] = [];
    for (let k = 0; k < indicators.count; k++)
      for (let c = 0; c < 128; c++) {
        const v = indicators.values[k] as Float64Array;
        const text =
          c === CODE.missing
            ? 'null'
            : c === CODE.notApplicable
              ? '"na"'
              : c === CODE.invalid
                ? '"invalid"'
                : c - CODE.value < v.length
                  ? JSON.stringify(v[c - CODE.value])
                  : '';
        texts[(k << 7) | c] = new TextEncoder().encode(text);
      }
    this.pointStride = Math.max(...texts.map((b) => b.length)) + 1;
    this.pointText = new Uint8Array(texts.length * this.pointStride);
    texts.forEach((b, i) => {
      this.pointText[i * this.pointStride] = b.length;
      this.pointText.set(b, i * this.pointStride + 1);
    });
    this.evidenceIds = indicators.ids.map((id) => JSON.stringify(id));
    this.codes = new Uint8Array(indicators.count);
  }

  /** Writes one subject's profile (no line break after it). */
  write(bytes: JsonBytes, subject: ExportSubject, out: NodeArrays, at: number): void {
    const t = this.data.tables;
    bytes.raw(this.head);
    bytes.text(JSON.stringify(subjectOf(subject)));
    if (subject.wave !== undefined) {
      bytes.raw(PIECES.wave);
      bytes.string(subject.wave);
    }
    bytes.raw(PIECES.respondents);
    bytes.number(respondentsOf(subject));
    const rows = this.data.byRespondent(subject);
    const agreement = this.agreement(rows);
    const consensus = needsConsensus(t, agreement);
    const more = (i: number) => (consensus.has(t.ids[i] as string) ? F.needsConsensus : 0);
    bytes.raw(PIECES.overall);
    this.node(bytes, out, at, t.ids.length - 1, more(t.ids.length - 1));
    bytes.raw(PIECES.nodes);
    for (let j = 0; j < this.steps.length; j++) {
      if (j > 0) bytes.byte(COMMA);
      const i = this.steps[j] as number;
      this.node(bytes, out, at, i, more(i));
    }
    bytes.raw(PIECES.priorities);
    bytes.text(
      JSON.stringify(
        priorities(t, (i) => {
          const target = targetOf(t, i);
          return target === undefined ? undefined : gapOf(target, scoreAt(out, at + i));
        }),
      ),
    );
    bytes.raw(PIECES.answers);
    for (let r = 0; r < rows.length; r++) {
      if (r > 0) bytes.byte(COMMA);
      this.answer(bytes, rows[r] as number);
    }
    bytes.raw(PIECES.end);
    if (Object.keys(agreement.nodes).length) {
      bytes.raw(PIECES.agreement);
      bytes.text(JSON.stringify(agreement));
    }
    if (subject.facts) {
      bytes.raw(PIECES.facts);
      bytes.text(JSON.stringify(subject.facts));
    }
    if (subject.validation) {
      bytes.raw(PIECES.validation);
      bytes.text(JSON.stringify(subject.validation));
    }
    bytes.byte(CLOSE);
  }

  /**
   * The agreement of a subject's respondents, as buildProfile works it out from the same rows (addRow reads
   * them as respondentPoints does, with nothing made per row).
   */
  private agreement(rows: ArrayLike<number>): ProfileAgreement {
    const { data } = this;
    const t = data.tables;
    const stats = new AgreementStats(t.indicators.count);
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r] as number;
      addRow(t, stats, data.store, row, data.role(row));
    }
    return agreementOf(t, stats);
  }

  /** One node: `"id":{"score":…,"level":…,"coverage":…,"confidence":…` and what differs from the defaults. */
  private node(bytes: JsonBytes, out: NodeArrays, at: number, i: number, more: number): void {
    const t = this.data.tables;
    const o = at + i;
    const score = scoreAt(out, o);
    bytes.raw(this.open[i] as JsonPiece);
    bytes.number(score ?? Number.NaN);
    const level = score === null ? -1 : levelIndex(score, t.levels[i] ?? []);
    bytes.raw(level < 0 ? this.levelNull : ((this.levels[i] as JsonPiece[])[level] as JsonPiece));
    bytes.number(out.coverage[o] as number);
    bytes.raw(PIECES.confidence);
    bytes.number(out.confidence[o] as number);
    const status = out.status[o] as number;
    if (status !== S.scored) bytes.raw(PIECES.status[status] as JsonPiece);
    if (score === null) {
      bytes.raw(PIECES.reason);
      bytes.string(reasonOf(t, i, status, (out.flags[o] as number) | more, out.coverage[o] as number));
    }
    bytes.raw(this.flagsOf[(out.flags[o] as number) | more] as JsonPiece);
    const target = targetOf(t, i);
    if (target !== undefined) {
      bytes.raw(PIECES.target);
      bytes.number(target);
      bytes.raw(PIECES.gap);
      bytes.number(gapOf(target, score) ?? Number.NaN);
    }
    bytes.byte(CLOSE);
  }

  /** One respondent's answers: id, role, raw points per indicator, and where evidence came with them. */
  private answer(bytes: JsonBytes, row: number): void {
    const { data } = this;
    const { store, tables } = data;
    bytes.raw(PIECES.id);
    bytes.string(data.respondent(row));
    const role = data.role(row);
    if (role !== undefined) {
      bytes.raw(PIECES.role);
      bytes.string(role);
    }
    bytes.raw(PIECES.points);
    const { count, direct } = tables.indicators;
    const codes = store.codesInto(row, this.codes);
    const { pointText, pointStride } = this;
    let evidence = '';
    for (let k = 0; k < count; k++) {
      if (k > 0) bytes.byte(COMMA);
      const code = codes[k] as number;
      const v = code & 0x7f;
      if (direct[k] === 1 && v === CODE.value) bytes.number(store.value(row, k));
      else {
        const from = ((k << 7) | v) * pointStride;
        const length = pointText[from] as number;
        const into = bytes.reserve(length);
        for (let i = 0; i < length; i++) into[bytes.length + i] = pointText[from + 1 + i] as number;
        bytes.length += length;
      }
      if ((code & CODE.evidence) !== 0 && v !== CODE.missing) evidence += `${evidence ? ',' : ''}${this.evidenceIds[k]}`;
    }
    bytes.byte(BRACKET);
    if (evidence) bytes.text(`,"evidence":[${evidence}]`);
    bytes.byte(CLOSE);
  }
}

const COMMA = 0x2c;
const BRACKET = 0x5d;
const CLOSE = 0x7d;
/** The constant pieces of a profile's JSON, as bytes. */
const PIECES = {
  wave: jsonPiece(',"wave":'),
  respondents: jsonPiece(',"respondents":'),
  overall: jsonPiece(',"overall":'),
  nodes: jsonPiece(',"nodes":{'),
  priorities: jsonPiece('},"priorities":'),
  answers: jsonPiece(',"answers":['),
  end: jsonPiece(']'),
  agreement: jsonPiece(',"agreement":'),
  facts: jsonPiece(',"facts":'),
  validation: jsonPiece(',"validation":'),
  confidence: jsonPiece(',"confidence":'),
  status: STATUS.map((status) => jsonPiece(`,"status":"${status}"`)),
  reason: jsonPiece(',"reason":'),
  target: jsonPiece(',"target":'),
  gap: jsonPiece(',"gap":'),
  id: jsonPiece('{"id":'),
  role: jsonPiece(',"role":'),
  points: jsonPiece(',"points":['),
};

const scoreAt = (out: NodeArrays, o: number): number | null => {
  const v = out.score[o] as number;
  return Number.isNaN(v) ? null : v;
};

export { JsonBytes };
