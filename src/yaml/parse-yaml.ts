import {
  Composer,
  type CST,
  type Document,
  isMap,
  isPair,
  isScalar,
  isSeq,
  Lexer,
  LineCounter,
  type Node,
  Parser,
  parseDocument,
  type YAMLError,
  YAMLParseError,
} from 'yaml';
import { createDiagnostic } from '../diagnostics/create.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { rangeAt, type YamlSource } from '../source/locate.js';
import { type AliasProblem, checkAliases } from './aliases.js';
import { DEFAULT_LIMITS, type Limits } from './limits.js';
import { readFast } from './read-fast.js';

/** Keys that could reach an object's prototype if some later code copied data carelessly. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** The whole text's problems point at its first character. */
const START_OF_TEXT = { start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } };

/** The result of reading YAML text: its data when readable, its source for locating, and the problems. */
export interface ParsedYaml {
  data: unknown;
  source: YamlSource;
  diagnostics: Diagnostic[];
}

/**
 * Parses YAML text into plain data, stopping at the first class of problem: size, syntax, nesting depth,
 * forbidden keys, then alias expansion. Never throws for content problems.
 */
export function parseYaml(text: string, options: { file?: string; limits?: Partial<Limits> } = {}): ParsedYaml {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const file = options.file;
  const lineCounter = new LineCounter();
  const at = (start: number, end: number) => rangeAt(lineCounter, start, end);
  const place = (path: (string | number)[], range?: ReturnType<typeof at>) => ({
    path,
    ...(file === undefined ? {} : { file }),
    ...(range ? { range } : {}),
  });

  if (text.length > limits.maxSize) {
    const source: YamlSource = { text: '', document: parseDocument(''), lineCounter, ...(file ? { file } : {}) };
    return {
      data: undefined,
      source,
      diagnostics: [
        createDiagnostic(
          'input-too-large',
          { size: text.length, limit: limits.maxSize, option: 'maxSize (--max-size)' },
          place([], START_OF_TEXT),
        ),
      ],
    };
  }

  // a valid text is read without positions; the syntax tree is built only if something must be located
  const quick = readFast(text, limits.maxDepth, FORBIDDEN_KEYS);
  if (quick !== undefined) return { data: quick, source: lazySource(text, file), diagnostics: [] };

  // Aliases stay unexpanded in the document; checkAliases bounds their expansion before any is expanded.
  const { document, tooDeepAt } = syntaxOf(text, lineCounter, limits.maxDepth);
  const source: YamlSource = { text, document, lineCounter, ...(file ? { file } : {}) };
  if (tooDeepAt !== undefined) {
    const range = at(tooDeepAt, tooDeepAt);
    const limit = { limit: limits.maxDepth, option: 'maxDepth (--max-depth)' };
    return { data: undefined, source, diagnostics: [createDiagnostic('input-too-deep', limit, place([], range))] };
  }
  const diagnostics: Diagnostic[] = [];

  for (const error of document.errors) diagnostics.push(yamlDiagnostic(error, text, 'error'));
  for (const warning of document.warnings) diagnostics.push(yamlDiagnostic(warning, text, 'warning'));
  if (document.errors.length > 0) return { data: undefined, source, diagnostics: diagnostics.map(addFile) };

  const structural = checkStructure(document.contents as Node | null);
  if (structural) {
    const span = spanOf(structural.node);
    const range = span ? at(span[0], span[1]) : undefined;
    diagnostics.push(
      structural.kind === 'collection-key'
        ? createDiagnostic('yaml-collection-key', { key: shortText(structural.node, text) }, place([], range))
        : createDiagnostic('forbidden-key', { key: structural.key }, place([], range)),
    );
    return { data: undefined, source, diagnostics: diagnostics.map(addFile) };
  }

  const problem = checkAliases(document, limits);
  if (problem) {
    const range = problem.alias.range ? at(problem.alias.range[0], problem.alias.range[1]) : undefined;
    diagnostics.push(aliasDiagnostic(problem, place([], range)));
    return { data: undefined, source, diagnostics: diagnostics.map(addFile) };
  }

  // every alias is checked and bound to its target above; the data shares one object per anchor
  const data: unknown = document.toJS({ maxAliasCount: -1 });
  return { data, source, diagnostics: diagnostics.map(addFile) };

  function yamlDiagnostic(error: YAMLError, src: string, severity: 'error' | 'warning'): Diagnostic {
    const [start, end] = error.pos;
    const range = at(start, Math.max(start, end));
    if (error.code === 'DUPLICATE_KEY') {
      return createDiagnostic('yaml-duplicate-key', { key: duplicateKeyText(src, start, end) }, { path: [], range, severity });
    }
    if (error.code === 'TAG_RESOLVE_FAILED') {
      const tag = /^!(?:<[^>]*>|[^\s,[\]{}]*)/.exec(src.slice(start))?.[0] ?? '?';
      return createDiagnostic('yaml-unknown-tag', { tag }, { path: [], range, severity });
    }
    // the yaml package's own advice names its API: a file holds one document here
    if (error.code === 'MULTIPLE_DOCS') {
      const detail = 'a second document starts here (after ---); a file holds one rubric, policy or mapping.';
      const hint = 'Remove the --- line, or move what follows it into a file of its own.';
      return createDiagnostic('yaml-syntax', { detail, hint }, { path: [], range, severity });
    }
    const detail = (error.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
    return createDiagnostic('yaml-syntax', { detail }, { path: [], range, severity });
  }

  function addFile(d: Diagnostic): Diagnostic {
    return file === undefined || d.file !== undefined ? d : { ...d, file };
  }
}

/** The options of every syntax tree read here. */
const SYNTAX_OPTIONS = {
  prettyErrors: false,
  uniqueKeys: true,
  keepSourceTokens: false,
  // a library does not print process warnings (an alias to a collection used as a key is still made text, and
  // the schema then reports the unknown key)
  logLevel: 'error',
  // YAML 1.1 tags (!!binary, !!timestamp, !!set, !!omap, !!pairs) would make values that are not JSON data;
  // unresolved, each is a warning where it is written and its value plain text, list or mapping
  resolveKnownTags: false,
} as const;

const COLLECTIONS = new Set(['block-map', 'block-seq', 'flow-collection']);

/**
 * The syntax tree of `text`, with every node's place; or, when collections nest more than `maxDepth` deep,
 * where the first one too deep starts. The tokenizer keeps open nodes on a stack of its own, but building the
 * tree recurses once per level and overflows the call stack a few hundred levels down, so depth is checked on
 * the tokens first.
 */
function syntaxOf(
  text: string,
  lineCounter = new LineCounter(),
  maxDepth = Number.POSITIVE_INFINITY,
): { document: Document; lineCounter: LineCounter; tooDeepAt?: number } {
  const parser = new Parser(lineCounter.addNewLine);
  lineCounter.addNewLine(0);
  const tokens: CST.Token[] = [];
  for (const lexeme of new Lexer().lex(text)) {
    for (const token of parser.next(lexeme)) tokens.push(token);
    if (parser.stack.length > maxDepth) {
      const open = parser.stack.filter((token) => COLLECTIONS.has(token.type));
      const tooDeep = open[maxDepth];
      if (tooDeep) return { document: parseDocument(''), lineCounter, tooDeepAt: tooDeep.offset };
    }
  }
  for (const token of parser.end()) tokens.push(token);
  // compose always yields a first document; a second is an error, as parseDocument reports it
  const [document, second] = new Composer(SYNTAX_OPTIONS).compose(tokens, true, text.length) as Iterable<Document.Parsed>;
  const doc = document as Document.Parsed;
  if (second) doc.errors.push(new YAMLParseError([second.range[0], second.range[1]], 'MULTIPLE_DOCS', 'Multiple documents'));
  return { document: doc, lineCounter };
}

/** A source whose syntax tree is built on first use (most valid files never need it). */
function lazySource(text: string, file: string | undefined): YamlSource {
  let syntax: ReturnType<typeof syntaxOf> | undefined;
  const tree = () => {
    syntax ??= syntaxOf(text);
    return syntax;
  };
  return {
    text,
    ...(file ? { file } : {}),
    get document() {
      return tree().document;
    },
    get lineCounter() {
      return tree().lineCounter;
    },
  };
}

function duplicateKeyText(text: string, start: number, end: number): string {
  const raw = text.slice(start, Math.max(end, start + 80)).split(/[:\n]/)[0] ?? '';
  return raw.trim().replace(/^["']|["']$/g, '') || '?';
}

/** Where a node is written. `yaml` starts an implicit block mapping's range at its first ':', not its first key. */
function spanOf(node: Node): [number, number] | undefined {
  if (!node.range) return undefined;
  const first = isMap(node) ? (node.items[0]?.key as Node | null | undefined)?.range?.[0] : undefined;
  return [Math.min(node.range[0], first ?? node.range[0]), node.range[1]];
}

/** A node's source text on one line, cut at 40 characters, for a message. */
function shortText(node: Node, text: string): string {
  const span = spanOf(node);
  const written = span ? text.slice(span[0], span[1]).replace(/\s+/g, ' ').trim() : '?';
  return written.length > 40 ? `${written.slice(0, 40)}…` : written;
}

type StructureProblem = { kind: 'collection-key'; node: Node } | { kind: 'forbidden'; node: Node; key: string };

/**
 * Walks the syntax tree (without following aliases; its depth is already bounded) for keys that are
 * collections (data keys are texts; such a key would become the text of its YAML) and forbidden keys.
 */
function checkStructure(root: Node | null): StructureProblem | undefined {
  if (!root) return undefined;
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as Node;
    if (isMap(node) || isSeq(node)) {
      for (const item of node.items) {
        if (isPair(item)) {
          const key = item.key as Node | null;
          if (isScalar(key) && FORBIDDEN_KEYS.has(String(key.value)))
            return { kind: 'forbidden', node: key, key: String(key.value) };
          if (isMap(key) || isSeq(key)) return { kind: 'collection-key', node: key };
          if (item.value) stack.push(item.value as Node);
        } else if (item) {
          stack.push(item as Node);
        }
      }
    }
  }
  return undefined;
}

/** The diagnostic for an alias that cannot be expanded. */
function aliasDiagnostic(problem: AliasProblem, where: Pick<Diagnostic, 'path' | 'file' | 'range'>): Diagnostic {
  switch (problem.kind) {
    case 'unknown':
      return createDiagnostic('yaml-unknown-alias', { alias: problem.alias.source }, where);
    case 'cycle':
      return createDiagnostic('yaml-alias-cycle', { alias: problem.alias.source }, where);
    case 'too-many':
      return createDiagnostic(
        'yaml-alias-limit',
        { limit: problem.limit, unit: 'aliases', option: 'maxAliases (--max-aliases)' },
        where,
      );
    case 'too-large':
      return createDiagnostic(
        'yaml-alias-limit',
        { limit: problem.limit, unit: 'nodes', option: 'maxAliasNodes (--max-alias-nodes)' },
        where,
      );
  }
}
