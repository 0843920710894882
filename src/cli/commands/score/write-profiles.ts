import { exportProfile, exportScorer } from '../../../exports/score-export.js';
import type { PieceWriter } from '../../../node/write-file.js';
import { CsvBytes } from '../../../report/csv-numbers.js';
import { JsonBytes, ProfileJsonWriter } from '../../../report/profile-json.js';
import { csvLine, exportColumns, exportTable, profileTable, type Table, tableCsv } from '../../../report/tables.js';
import type { CompiledRubric } from '../../../rubric/compile.js';
import { profileDocument, tracedDocument } from '../../../score/document.js';
import type { Profile } from '../../../score/profile.js';
import type { CliIo } from '../../io.js';
import { EXIT } from '../../io.js';
import { writePieces } from '../../shared/outputs.js';
import { progressOf } from '../../shared/progress.js';
import type { ScoreInputs } from './run.js';

/** Pieces are handed to the output about a megabyte at a time, each ending with a whole profile or row. */
const PIECE = 1 << 20;

/**
 * Writes every profile as JSON (a list, one profile per line) or NDJSON (one per line), each as soon as it is
 * scored: an export's straight from the engine's arrays (ProfileJsonWriter), an assessment's from its profile.
 * With `trace`, each profile carries every node's explanation, worked out from the profile (slower, larger).
 */
export async function writeJsonProfiles(
  rubric: CompiledRubric,
  { assessments, score, readings }: ScoreInputs,
  options: { format: 'json' | 'ndjson'; trace: boolean },
  output: string | undefined,
  io: CliIo,
): Promise<{ written: number } | number> {
  const document = (p: Profile) => JSON.stringify(options.trace ? tracedDocument(rubric, p) : profileDocument(p));
  const done = await writePieces(output, io, async (write) => {
    const pieces = new Pieces(new JsonBytes(), write);
    const { bytes } = pieces;
    let written = 0;
    const next = () => {
      if (options.format === 'json') bytes.text(written === 0 ? '[\n' : ',\n');
      written++;
    };
    const end = () => {
      if (options.format === 'ndjson') bytes.byte(NEWLINE);
      return pieces.full();
    };
    for (const assessment of assessments) {
      next();
      bytes.text(document(score(assessment)));
      const waiting = end();
      if (waiting) await waiting;
    }
    for (const data of readings) {
      const writer = new ProfileJsonWriter(data);
      const scorer = exportScorer(data);
      const bar = progressOf(io, 'scoring', data.count, 'subjects');
      try {
        for (let i = 0; i < data.count; i++) {
          const subject = scorer.score(i);
          next();
          if (options.trace) bytes.text(document(exportProfile(data, subject, scorer.out, 0)));
          else writer.write(bytes, subject, scorer.out, 0);
          if ((i & 1023) === 1023) bar.update(i + 1);
          // a promise only when a piece was handed over and the output asks to wait (awaiting none costs a turn)
          const waiting = end();
          if (waiting) await waiting;
        }
      } finally {
        bar.stop();
      }
    }
    if (options.format === 'json') bytes.text(written === 0 ? '[]\n' : '\n]\n');
    await pieces.flush();
    return written;
  });
  return done ? { written: done.result } : EXIT.usage;
}

/**
 * Writes one row per subject as CSV (the columns of `profileTable`). One export streams: each row written as
 * its subject is scored, nothing kept; otherwise the rows of every input are merged and sorted by subject first.
 */
export async function writeTable(
  rubric: CompiledRubric,
  { assessments, score, readings }: ScoreInputs,
  output: string | undefined,
  io: CliIo,
): Promise<{ written: number } | number> {
  const only = readings[0];
  if (assessments.length === 0 && readings.length === 1 && only) {
    const done = await writePieces(output, io, async (write) => {
      const pieces = new Pieces(new CsvBytes(), write);
      const { columns, writeLine } = exportColumns(rubric, only.attributeKeys);
      pieces.bytes.text(`\ufeff${csvLine(columns)}`);
      const scorer = exportScorer(only);
      const bar = progressOf(io, 'scoring', only.count, 'subjects');
      try {
        for (let i = 0; i < only.count; i++) {
          writeLine(pieces.bytes, scorer.score(i), scorer.out, 0);
          if ((i & 1023) === 1023) bar.update(i + 1);
          const waiting = pieces.full();
          if (waiting) await waiting;
        }
      } finally {
        bar.stop();
      }
      await pieces.flush();
      return only.count;
    });
    return done ? { written: done.result } : EXIT.usage;
  }
  const tables = [...(assessments.length ? [profileTable(rubric, assessments.map(score))] : []), ...readings.map(exportTable)];
  const table = mergeTables(tables.length ? tables : [profileTable(rubric, [])]);
  const done = await writePieces(output, io, (write) => write(tableCsv(table)));
  return done ? { written: table.rows.length } : EXIT.usage;
}

const NEWLINE = 0x0a;

/**
 * An output's bytes handed over about a megabyte at a time, each piece ending with a whole profile or row;
 * `full` and `flush` give the writer's promise when it asks to wait.
 */
class Pieces<B extends { bytes: Uint8Array; length: number; clear(): void }> {
  constructor(
    readonly bytes: B,
    private readonly write: PieceWriter,
  ) {}

  /** Hands the bytes over once they reach a piece's size. */
  full(): void | Promise<void> {
    return this.bytes.length >= PIECE ? this.flush() : undefined;
  }

  flush(): void | Promise<void> {
    const waiting = this.write(this.bytes.bytes.subarray(0, this.bytes.length));
    this.bytes.clear();
    return waiting;
  }
}

/** Tables with the union of their columns, rows sorted by subject (as profileTable sorts them). */
function mergeTables(tables: readonly Table[]): Table {
  if (tables.length === 1) return tables[0] as Table;
  const columns = [...new Set(tables.flatMap((t) => t.columns))];
  const rows = tables.flatMap((t) => t.rows.map((r) => columns.map((c) => r[t.columns.indexOf(c)] ?? null)));
  rows.sort((a, b) => (String(a[0]) < String(b[0]) ? -1 : String(a[0]) > String(b[0]) ? 1 : 0));
  return { columns, rows };
}
