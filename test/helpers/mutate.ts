import fc from 'fast-check';

/** A text broken the ways files break: characters cut, inserted, replaced, or the end cut off. */
export const mutated = (text: string) =>
  fc
    .array(
      fc.tuple(
        fc.nat(text.length),
        fc.constantFrom('delete', 'insert', 'replace', 'truncate'),
        fc.oneof(
          fc.constantFrom(
            ':',
            '-',
            ' ',
            '\n',
            '{',
            '}',
            '[',
            ']',
            '"',
            "'",
            '&a',
            '*a',
            '!!js/function',
            '__proto__',
            '\t',
            '#',
            '\u202e',
            '\0',
            '|',
            '>-',
            '? ',
            '---\n',
            '\r\n',
            '%',
          ),
          fc.string({ maxLength: 4 }),
        ),
      ),
      { maxLength: 6 },
    )
    .map((edits) => {
      let t = text;
      for (const [at, kind, piece] of edits) {
        const i = Math.min(at, t.length);
        if (kind === 'delete') t = t.slice(0, i) + t.slice(i + 1 + piece.length);
        else if (kind === 'insert') t = t.slice(0, i) + piece + t.slice(i);
        else if (kind === 'replace') t = t.slice(0, i) + piece + t.slice(i + piece.length);
        else t = t.slice(0, i);
      }
      return t;
    });
