const encoder = new TextEncoder();

/**
 * UTF-8 bytes in a buffer that grows: what the CSV and JSON writers put their text into, a megabyte or so at a
 * time, then hand over (`bytes` up to `length`) and clear.
 */
export class ByteBuffer {
  bytes = new Uint8Array(1 << 16);
  length = 0;
  /** The same bytes, for writing four at a time. */
  protected view = new DataView(this.bytes.buffer);

  /** Text as it is (a cell already quoted, a key already JSON, a line end). */
  text(text: string): void {
    this.room(text.length * 3);
    this.length += encoder.encodeInto(text, this.bytes.subarray(this.length)).written;
  }

  /** One ASCII character (a comma, a bracket). */
  byte(code: number): void {
    this.room(1);
    this.bytes[this.length++] = code;
  }

  /** Empties the buffer for what follows. */
  clear(): void {
    this.length = 0;
  }

  /** Makes room for `needed` more bytes from `length`. */
  protected room(needed: number): void {
    if (this.length + needed <= this.bytes.length) return;
    const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.length + needed));
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
    this.view = new DataView(grown.buffer);
  }
}
