/**
 * Subjects by id and wave, numbered 0, 1, 2… as first seen: an open-addressing table of numbers over the ids
 * kept once, instead of a Map (a third of the memory, and no string made to key a subject with a wave). Each
 * slot holds a subject and its hash side by side, so a slot that is not the subject is passed over without a
 * trip to its id (subjects of interleaved rows are looked up in no order memory can guess).
 */
export class SubjectIndex {
  readonly ids: string[] = [];
  readonly waves: (string | undefined)[] = [];
  /** Pairs of (subject, hash); subject -1: empty. */
  private slots: Int32Array<ArrayBuffer> = new Int32Array(2 << 12).fill(-1);

  get size(): number {
    return this.ids.length;
  }

  /** The number of subject `id` in wave `wave`, added when first seen. */
  find(id: string, wave: string | undefined): number {
    const text = textHash(id, wave === undefined ? 0x811c9dc5 : textHash(wave));
    // the hash's high bits mixed into its low ones, which pick the slot
    const hash = Math.imul(text ^ (text >>> 16), 0x45d9f3b);
    const slots = this.slots;
    const mask = (slots.length >> 1) - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const s = slots[2 * slot] as number;
      if (s < 0) return this.add(slot, hash, id, wave);
      if (slots[2 * slot + 1] === hash && this.ids[s] === id && this.waves[s] === wave) return s;
    }
  }

  private add(slot: number, hash: number, id: string, wave: string | undefined): number {
    const s = this.ids.length;
    this.ids.push(id);
    this.waves.push(wave);
    this.slots[2 * slot] = s;
    this.slots[2 * slot + 1] = hash;
    // at most half full: a new table twice as large, every subject placed again
    if (4 * (s + 1) > this.slots.length) this.slots = placedAgain(this.slots);
    return s;
  }

  /** Lets go of the table (the ids and waves stay). */
  release(): void {
    this.slots = new Int32Array(2).fill(-1);
  }
}

/** The slots of a table in one twice as large. */
function placedAgain(slots: Int32Array): Int32Array<ArrayBuffer> {
  const next = new Int32Array(slots.length * 2).fill(-1);
  const mask = (next.length >> 1) - 1;
  for (let i = 0; i < slots.length; i += 2) {
    const s = slots[i] as number;
    if (s < 0) continue;
    const hash = slots[i + 1] as number;
    let at = hash & mask;
    while ((next[2 * at] as number) >= 0) at = (at + 1) & mask;
    next[2 * at] = s;
    next[2 * at + 1] = hash;
  }
  return next;
}

/** FNV-1a over a text's code units, from `seed`. */
export function textHash(text: string, seed = 0x811c9dc5): number {
  let h = seed;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h;
}
