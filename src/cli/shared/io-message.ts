/** The short reason of a file system error, without a stack. */
export function ioMessage(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  switch (e?.code) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a directory';
    case 'ENOTDIR':
    case 'EEXIST':
      // mkdir of an output's folder, or a path through it, where a file stands
      return 'a file stands where its folder should be';
    case 'ENOSPC':
    case 'EDQUOT':
      return 'no space left on the device';
    case 'EROFS':
      return 'the file system is read-only';
    default:
      return e?.message ?? String(error);
  }
}
