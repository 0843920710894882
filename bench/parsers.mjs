// The CSV parsers mahvan could use, each parsing the same export text to rows of strings, in a fresh process
// (a million rows parsed whole take gigabytes, which would slow whatever the bench measured next). Prints JSON.
import { readFileSync } from 'node:fs';
import { parse as csvParse } from 'csv-parse/sync';
import Papa from 'papaparse';
import { inferSchema, initParser } from 'udsv';

const text = readFileSync(process.argv[2], 'utf8');
const time = (fn) => {
  const t = performance.now();
  fn();
  return performance.now() - t;
};
// split first: the baseline every parser is compared with
const split = time(() => text.split('\n').map((l) => l.split(',')).length);
const papaparse = time(() => Papa.parse(text, { skipEmptyLines: false }).data.length);
const udsv = time(() => initParser(inferSchema(text.slice(0, 10000))).stringArrs(text).length);
const csvParseMs = time(() => csvParse(text, { relax_column_count: true }).length);
console.log(JSON.stringify({ split, papaparse, udsv, 'csv-parse': csvParseMs }));
