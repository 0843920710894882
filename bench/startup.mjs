// Start-up in a fresh process: loading, validating and compiling a 1,000-indicator rubric, against parsing its
// YAML alone (the floor: positions for diagnostics need the yaml package's document). Prints JSON, in ms.
import YAML from 'yaml';
import { loadRubric } from '../dist/index.js';
import { rubricYaml } from './data.mjs';

const big = rubricYaml({ domains: 10, capabilities: 10, perCapability: 10 });
const median = (fn, runs = 7) => {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b)[runs >> 1];
};
// the first load, as a CLI or notebook pays it, and the median of later ones
const t = performance.now();
if (!loadRubric(big).ok) throw new Error('the 1,000-indicator rubric does not load');
const first = performance.now() - t;
const load = median(() => loadRubric(big));
const yaml = median(() => YAML.parseDocument(big));
console.log(JSON.stringify({ first, load, yaml }));
