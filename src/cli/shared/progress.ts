import { SingleBar } from 'cli-progress';
import type { CliIo } from '../io.js';

/** A step of a long run, as a person watching it sees it: how far it is, out of how much. */
export interface Progress {
  update(done: number): void;
  stop(): void;
}

const SILENT: Progress = { update() {}, stop() {} };

/**
 * A progress bar on standard error when it is a terminal a person watches (io.terminal), and nothing otherwise:
 * a pipe or a log file gets only the lines it always got. Redrawn at most ten times a second and cleared when
 * done, so the summary lines that follow stay as they were.
 */
export function progressOf(io: CliIo, label: string, total: number, unit: 'MB' | 'subjects'): Progress {
  const stream = io.terminal;
  if (!stream || total <= 0) return SILENT;
  const bar = new SingleBar({
    stream,
    fps: 10,
    hideCursor: false,
    linewrap: true,
    clearOnComplete: true,
    gracefulExit: false,
    format: `${label} [{bar}] {percentage}% {value}/{total} ${unit}`,
    barsize: 24,
  });
  const scale = unit === 'MB' ? 1 / 2 ** 20 : 1;
  const shown = (n: number) => (unit === 'MB' ? Math.round(n * scale * 10) / 10 : n);
  bar.start(shown(total), 0);
  return {
    update: (done) => bar.update(shown(done)),
    stop: () => bar.stop(),
  };
}
