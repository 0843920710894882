import { open } from 'node:fs/promises';

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const ENTRY = 0x02014b50;

/**
 * The size an XLSX (a zip) unpacks to, from its central directory, without unpacking it: the sum of its
 * entries' declared sizes. An entry that declares a 64-bit size counts as 2^32 bytes, more than any limit
 * mahvan sets. Undefined when the file has no readable directory (the spreadsheet reader then says why).
 */
export async function unpackedSize(path: string): Promise<number | undefined> {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    const tail = Math.min(size, 22 + 0xffff);
    const end = Buffer.alloc(tail);
    await file.read(end, 0, tail, size - tail);
    const at = end.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    if (at < 0 || end.readUInt32LE(at) !== EOCD) return undefined;
    let entries = end.readUInt16LE(at + 10);
    let length = end.readUInt32LE(at + 12);
    let offset = end.readUInt32LE(at + 16);
    if (offset === 0xffffffff && at >= 20 && end.readUInt32LE(at - 20) === ZIP64_LOCATOR) {
      const record = Buffer.alloc(56);
      await file.read(record, 0, 56, Number(end.readBigUInt64LE(at - 12)));
      if (record.readUInt32LE(0) !== ZIP64_EOCD) return undefined;
      entries = Number(record.readBigUInt64LE(32));
      length = Number(record.readBigUInt64LE(40));
      offset = Number(record.readBigUInt64LE(48));
    }
    if (offset + length > size) return undefined;
    const directory = Buffer.alloc(length);
    await file.read(directory, 0, length, offset);
    let total = 0;
    for (let p = 0, i = 0; i < entries; i++) {
      if (p + 46 > length || directory.readUInt32LE(p) !== ENTRY) return undefined;
      const declared = directory.readUInt32LE(p + 24);
      total += declared === 0xffffffff ? 2 ** 32 : declared;
      p += 46 + directory.readUInt16LE(p + 28) + directory.readUInt16LE(p + 30) + directory.readUInt16LE(p + 32);
    }
    return total;
  } finally {
    await file.close();
  }
}
