import type { DataPath } from '../../diagnostics/diagnostic.js';
import type { CheckContext } from './context.js';
import { tierIds } from './walk.js';

/** Ids must be unique within their kind; node ids share one namespace across the whole tree. */
export function checkUniqueIds(ctx: CheckContext): void {
  const { rubric } = ctx;
  // paths are built only for a duplicate: most rubrics have none, and the node ids alone run to thousands
  const uniqueBy = <T>(
    kind: string,
    items: readonly T[],
    idOf: (item: T) => string,
    pathOf: (item: T, i: number) => DataPath,
  ) => {
    const first = new Map<string, number>();
    items.forEach((item, i) => {
      const id = idOf(item);
      const earlier = first.get(id);
      if (earlier === undefined) {
        first.set(id, i);
        return;
      }
      const range = ctx.rangeOf(pathOf(items[earlier] as T, earlier));
      ctx.report('duplicate-id', { id, kind }, pathOf(item, i), {
        related: [{ message: 'first used here', ...(ctx.file ? { file: ctx.file } : {}), ...(range ? { range } : {}) }],
      });
    });
  };
  const unique = (kind: string, items: readonly { id: string; path: DataPath }[]) =>
    uniqueBy(
      kind,
      items,
      (item) => item.id,
      (item) => item.path,
    );
  uniqueBy(
    'node',
    ctx.nodes,
    (v) => v.node.id,
    (v) => [...v.path, 'id'],
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
  for (const v of ctx.nodes) {
    if (v.node.levels) {
      uniqueBy(
        'level',
        v.node.levels,
        (l) => l.id,
        (_, i) => [...v.path, 'levels', i, 'id'],
      );
    }
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
