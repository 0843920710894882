// Reads and scores an export in batch through the public API, then prints the process's peak resident memory in
// KiB. VmHWM, not getrusage's maxRSS: on Linux the latter keeps the parent's peak across fork and exec.
import { readFileSync } from 'node:fs';
import { defaultMapping, loadRubricFile, readExportFileBatch } from '../dist/node.js';

const [rubricPath, csv] = process.argv.slice(2);
if (rubricPath) {
  const { rubric } = await loadRubricFile(rubricPath);
  // each subject's scores handed over and dropped, as `mahvan score --format csv -o` streams them
  let subjects = 0;
  const reading = await readExportFileBatch(csv, rubric, defaultMapping('mahvan'), { each: () => subjects++ });
  if (!reading.ok || subjects === 0) process.exit(1);
}
const hwm = /VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'));
console.log(hwm ? hwm[1] : process.resourceUsage().maxRSS);
