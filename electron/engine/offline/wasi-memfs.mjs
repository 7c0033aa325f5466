// The thirteen WASI (preview1) calls the Flite build makes, over an in-memory file system.
// Node's own node:wasi (uvwasi) corrupts the V8 heap at random when Flite runs under it — a native
// crash, seen in about one run in four of a few hundred syntheses — so Flite never touches it.
// Plain JavaScript, like the worker that imports it.

const ERRNO = { SUCCESS: 0, BADF: 8, INVAL: 28, NOENT: 44, NOSYS: 52 };
const FILETYPE = { CHARACTER_DEVICE: 2, DIRECTORY: 3, REGULAR_FILE: 4 };
const OFLAGS = { CREAT: 1, TRUNC: 8 };
const ALL_RIGHTS = 0xffffffffffffffffn;
const PREOPEN_FD = 3;

/** Thrown by proc_exit to unwind out of `_start`. */
class ProcExit {
  constructor(code) {
    this.code = code;
  }
}

/** A growable byte buffer: what a file holds. */
class FileData {
  constructor(bytes = new Uint8Array(0)) {
    this.bytes = bytes;
    this.length = bytes.length;
  }

  writeAt(position, chunk) {
    const end = position + chunk.length;
    if (end > this.bytes.length) {
      const grown = new Uint8Array(Math.max(end, this.bytes.length * 2, 4096));
      grown.set(this.bytes.subarray(0, this.length));
      this.bytes = grown;
    }
    this.bytes.set(chunk, position);
    this.length = Math.max(this.length, end);
  }

  contents() {
    return this.bytes.slice(0, this.length);
  }
}

/**
 * Runs a WASI command module to completion. `files` maps names under the one preopened folder "/"
 * to their bytes; the returned `files` holds every file the program wrote or left.
 */
export function runWasiCommand(module, { args, files }) {
  const fileSystem = new Map(Object.entries(files).map(([name, bytes]) => [name, new FileData(bytes)]));
  const open = new Map(); // fd -> { file: FileData, position }
  let nextFd = PREOPEN_FD + 1;
  let memory = null;
  let stderr = '';
  const encoder = new TextEncoder();
  const argBytes = args.map((a) => encoder.encode(`${a}\0`));

  const view = () => new DataView(memory.buffer);
  const bytes = () => new Uint8Array(memory.buffer);
  const iovecs = (ptr, count) =>
    Array.from({ length: count }, (_, i) => ({
      buf: view().getUint32(ptr + i * 8, true),
      len: view().getUint32(ptr + i * 8 + 4, true),
    }));

  const wasi = {
    args_sizes_get(argcPtr, bufSizePtr) {
      view().setUint32(argcPtr, argBytes.length, true);
      view().setUint32(
        bufSizePtr,
        argBytes.reduce((n, a) => n + a.length, 0),
        true,
      );
      return ERRNO.SUCCESS;
    },
    args_get(argvPtr, bufPtr) {
      let at = bufPtr;
      argBytes.forEach((arg, i) => {
        view().setUint32(argvPtr + i * 4, at, true);
        bytes().set(arg, at);
        at += arg.length;
      });
      return ERRNO.SUCCESS;
    },
    clock_time_get(_id, _precision, timePtr) {
      view().setBigUint64(timePtr, BigInt(Date.now()) * 1_000_000n, true);
      return ERRNO.SUCCESS;
    },
    fd_close(fd) {
      return open.delete(fd) ? ERRNO.SUCCESS : ERRNO.BADF;
    },
    fd_fdstat_get(fd, ptr) {
      const type =
        fd <= 2
          ? FILETYPE.CHARACTER_DEVICE
          : fd === PREOPEN_FD
            ? FILETYPE.DIRECTORY
            : open.has(fd)
              ? FILETYPE.REGULAR_FILE
              : 0;
      if (!type) return ERRNO.BADF;
      view().setUint8(ptr, type);
      view().setUint16(ptr + 2, 0, true);
      view().setBigUint64(ptr + 8, ALL_RIGHTS, true);
      view().setBigUint64(ptr + 16, ALL_RIGHTS, true);
      return ERRNO.SUCCESS;
    },
    fd_fdstat_set_flags() {
      return ERRNO.SUCCESS;
    },
    fd_prestat_get(fd, ptr) {
      if (fd !== PREOPEN_FD) return ERRNO.BADF;
      view().setUint8(ptr, 0);
      view().setUint32(ptr + 4, 1, true);
      return ERRNO.SUCCESS;
    },
    fd_prestat_dir_name(fd, pathPtr, pathLen) {
      if (fd !== PREOPEN_FD || pathLen < 1) return ERRNO.BADF;
      bytes()[pathPtr] = 0x2f; // "/"
      return ERRNO.SUCCESS;
    },
    fd_read(fd, iovsPtr, iovsLen, nreadPtr) {
      if (fd === 0) {
        view().setUint32(nreadPtr, 0, true);
        return ERRNO.SUCCESS;
      }
      const handle = open.get(fd);
      if (!handle) return ERRNO.BADF;
      let total = 0;
      for (const { buf, len } of iovecs(iovsPtr, iovsLen)) {
        const chunk = handle.file.bytes.subarray(handle.position, Math.min(handle.file.length, handle.position + len));
        bytes().set(chunk, buf);
        handle.position += chunk.length;
        total += chunk.length;
        if (chunk.length < len) break;
      }
      view().setUint32(nreadPtr, total, true);
      return ERRNO.SUCCESS;
    },
    fd_seek(fd, offset, whence, newOffsetPtr) {
      const handle = open.get(fd);
      if (!handle) return ERRNO.BADF;
      const base = whence === 0 ? 0 : whence === 1 ? handle.position : handle.file.length;
      const position = base + Number(offset);
      if (position < 0) return ERRNO.INVAL;
      handle.position = position;
      view().setBigUint64(newOffsetPtr, BigInt(position), true);
      return ERRNO.SUCCESS;
    },
    fd_write(fd, iovsPtr, iovsLen, nwrittenPtr) {
      let total = 0;
      for (const { buf, len } of iovecs(iovsPtr, iovsLen)) {
        const chunk = bytes().slice(buf, buf + len);
        if (fd === 1 || fd === 2) {
          if (fd === 2) stderr += new TextDecoder().decode(chunk);
        } else {
          const handle = open.get(fd);
          if (!handle) return ERRNO.BADF;
          handle.file.writeAt(handle.position, chunk);
          handle.position += chunk.length;
        }
        total += len;
      }
      view().setUint32(nwrittenPtr, total, true);
      return ERRNO.SUCCESS;
    },
    path_open(dirFd, _dirFlags, pathPtr, pathLen, oflags, _rightsBase, _rightsInheriting, _fdFlags, fdPtr) {
      if (dirFd !== PREOPEN_FD) return ERRNO.BADF;
      const name = new TextDecoder().decode(bytes().subarray(pathPtr, pathPtr + pathLen)).replace(/^\.?\//, '');
      let file = fileSystem.get(name);
      if (!file) {
        if (!(oflags & OFLAGS.CREAT)) return ERRNO.NOENT;
        file = new FileData();
        fileSystem.set(name, file);
      } else if (oflags & OFLAGS.TRUNC) file.length = 0;
      const fd = nextFd++;
      open.set(fd, { file, position: 0 });
      view().setUint32(fdPtr, fd, true);
      return ERRNO.SUCCESS;
    },
    proc_exit(code) {
      throw new ProcExit(code);
    },
  };

  const instance = new WebAssembly.Instance(module, { wasi_snapshot_preview1: wasi });
  memory = instance.exports.memory;
  let exitCode = 0;
  try {
    instance.exports._start();
  } catch (error) {
    if (!(error instanceof ProcExit)) throw error;
    exitCode = error.code;
  }
  return {
    exitCode,
    stderr,
    files: Object.fromEntries([...fileSystem].map(([name, data]) => [name, data.contents()])),
  };
}
