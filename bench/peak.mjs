// Runs the built CLI with this process's arguments (node bench/peak.mjs score ...) and, when it exits, writes its
// peak resident memory in KiB to the file named by MAHVAN_PEAK. VmHWM, not getrusage's maxRSS: on Linux the
// latter keeps the parent's peak across fork and exec.
import { readFileSync, writeFileSync } from 'node:fs';

process.on('exit', () => {
  const hwm = /VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'));
  if (process.env.MAHVAN_PEAK) writeFileSync(process.env.MAHVAN_PEAK, hwm ? hwm[1] : String(process.resourceUsage().maxRSS));
});
await import('../dist/bin/mahvan.js');
