import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/fixtures.js';

const node = (code: string, type: 'module' | 'commonjs') =>
  execFileSync(process.execPath, [type === 'module' ? '--input-type=module' : '--input-type=commonjs', '-e', code], {
    cwd: ROOT,
    encoding: 'utf8',
  }).trim();

describe('the built package, through its exports map', () => {
  it('loads as ESM', () => {
    expect(node("import { loadRubric } from 'mahvan'; console.log(loadRubric('x: 1').ok)", 'module')).toBe('false');
  });
  it('loads as CommonJS', () => {
    expect(node("const { loadRubric } = require('mahvan'); console.log(loadRubric('x: 1').ok)", 'commonjs')).toBe('false');
  });
  it('exposes the Node helpers under mahvan/node', () => {
    expect(node("import { loadRubricFile } from 'mahvan/node'; console.log(typeof loadRubricFile)", 'module')).toBe('function');
    expect(node("const { loadRubricFile } = require('mahvan/node'); console.log(typeof loadRubricFile)", 'commonjs')).toBe(
      'function',
    );
  });
  it('exposes the rubric JSON Schema', () => {
    expect(node("console.log(require('mahvan/rubric.schema.json').$id)", 'commonjs')).toBe('urn:mahvan:schema:rubric:1');
  });
});
