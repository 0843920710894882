/** A copy of a typed array twice as long: growable arrays that copy once per doubling, not per element added. */
export function grown<T extends Uint8Array | Uint16Array | Int32Array | Float64Array>(array: T): T {
  const copy = new (array.constructor as new (n: number) => T)(Math.max(16, array.length * 2));
  copy.set(array);
  return copy;
}
