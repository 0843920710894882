import type { DataPath } from '../../diagnostics/diagnostic.js';
import type { CheckContext } from './context.js';
import { tierIds, walkNodes } from './walk.js';

/** Ids must be unique within their kind; node ids share one namespace across the whole tree. */
export function checkUniqueIds(ctx: CheckContext): void {
  const { rubric } = ctx;
  const unique = (kind: string, items: readonly { id: string; path: DataPath }[]) => {
    const first = new Map<string, DataPath>();
    for (const { id, path } of items) {
      const earlier = first.get(id);
      if (earlier) {
        const range = ctx.rangeOf(earlier);
        ctx.report('duplicate-id', { id, kind }, path, {
          related: [{ message: 'first used here', ...(ctx.file ? { file: ctx.file } : {}), ...(range ? { range } : {}) }],
        });
      } else first.set(id, path);
    }
  };
  unique(
    'node',
    walkNodes(rubric).map((v) => ({ id: v.node.id, path: [...v.path, 'id'] })),
  );
  unique(
    'tier',
    tierIds(rubric).map((id, i) => ({ id, path: typeof rubric.tiers[i] === 'string' ? ['tiers', i] : ['tiers', i, 'id'] })),
  );
  unique(
    'role',
    (rubric.roles ?? []).map((r, i) => ({ id: r.id, path: ['roles', i, 'id'] })),
  );
  unique(
    'attribute',
    (rubric.attributes ?? []).map((a, i) => ({ id: a.id, path: ['attributes', i, 'id'] })),
  );
  unique(
    'level',
    (rubric.levels ?? []).map((l, i) => ({ id: l.id, path: ['levels', i, 'id'] })),
  );
  for (const v of walkNodes(rubric)) {
    unique(
      'level',
      (v.node.levels ?? []).map((l, i) => ({ id: l.id, path: [...v.path, 'levels', i, 'id'] })),
    );
  }
  for (const [name, scale] of Object.entries(rubric.scales)) {
    if (scale.type === 'checklist') {
      unique(
        'option',
        scale.options.map((o, i) => ({ id: o.id, path: ['scales', name, 'options', i, 'id'] })),
      );
    }
    if (scale.type === 'ordinal') {
      const ids = scale.levels.flatMap((l, i) =>
        l.id === undefined ? [] : [{ id: l.id, path: ['scales', name, 'levels', i, 'id'] }],
      );
      unique('level', ids);
    }
  }
}
