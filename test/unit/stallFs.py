#!/usr/bin/python3
"""A FUSE file system whose reads stall, like a network drive whose server stopped answering.

    /usr/bin/python3 stallFs.py SOURCE MOUNTPOINT RULES

Serves the files of SOURCE at MOUNTPOINT (python3-fusepy, libfuse 2): read, and written through
to SOURCE (files created, written, synced, renamed, removed). RULES is a file of lines NAME=OFFSET,
NAME=stat or NAME=write:OFFSET, read again at every request, so a test can make a file stall at any
moment (when training starts, say). A read of file NAME that reaches byte OFFSET returns the bytes
before OFFSET, and a read starting at or after OFFSET never answers; with "stat", nothing about
NAME answers any more, its attributes (stat) included, nor any read; with "write:OFFSET", a write
of NAME, or of a temp file an atomic write of NAME makes beside it (.NAME.<pid>.<hex>.tmp), that
reaches byte OFFSET writes the bytes before it and then never answers, nor does a later write or
sync of it. The thread asking blocks in the kernel (state D, "request_wait_answer"), as on a
stalled NFS or SMB mount. Like a hard NFS mount (and unlike a plain FUSE one), it ends
only when the process is killed: a stalled read whose thread has SIGKILL pending (the process is
exiting or being killed) is answered with EINTR, so that process can end; any other signal
(SIGINT, SIGTERM) does not unblock it. Each stall is logged on stdout ("stalled NAME at OFFSET")
so a test can wait for it instead of sleeping. Run as root (libfuse mounts through mount(2)).
"""
import errno
import os
import re
import stat
import subprocess
import sys
import threading
import time

from fusepy import FUSE, FuseOSError, Operations, fuse_get_context

SIGKILL_BIT = 1 << (9 - 1)
# The temp file atomicWrite (extension/core/util/atomicWrite.ts) writes beside NAME.
TEMP = re.compile(r'^\.(.*)\.\d+\.[0-9a-f]{8}\.tmp$')


def killed(tid):
    """True when thread `tid` is gone or has SIGKILL pending (its process is exiting)."""
    try:
        with open(f'/proc/{tid}/status') as f:
            for line in f:
                if line.startswith(('SigPnd:', 'ShdPnd:')) and int(line.split()[1], 16) & SIGKILL_BIT:
                    return True
    except (FileNotFoundError, ProcessLookupError):
        return True
    return False


class StallFs(Operations):
    def __init__(self, source, rules):
        self.source = source
        self.rules = rules
        # Files a write stalled in: their later writes and syncs stall too.
        self.stalled_writes = set()

    def _rule(self, name):
        """The rule for `name`: a byte offset, 'stat', ('write', offset), or None."""
        try:
            with open(self.rules) as f:
                for line in f:
                    rule_name, eq, rule = line.strip().rpartition('=')
                    if eq and rule_name == name:
                        if rule.startswith('write:'):
                            return ('write', int(rule[len('write:'):]))
                        return rule if rule == 'stat' else int(rule)
        except FileNotFoundError:
            pass
        return None

    def _write_rule(self, name):
        """Where writes of `name` (or of an atomic write's temp file for it) stall, or None."""
        m = TEMP.match(os.path.basename(name))
        for candidate in (name, os.path.join(os.path.dirname(name), m.group(1)) if m else None):
            rule = self._rule(candidate) if candidate is not None else None
            if isinstance(rule, tuple):
                return rule[1]
        return None

    def _stall(self, name, offset):
        _, _, tid = fuse_get_context()
        print(f'stalled {name} at {offset}', flush=True)
        while not killed(tid):
            time.sleep(0.02)
        raise FuseOSError(errno.EINTR)

    def _path(self, path):
        return os.path.join(self.source, path.lstrip('/'))

    def getattr(self, path, fh=None):
        if self._rule(path.lstrip('/')) == 'stat':
            self._stall(path.lstrip('/'), 'stat')
        try:
            st = os.lstat(self._path(path))
        except FileNotFoundError:
            raise FuseOSError(errno.ENOENT)
        return {k: getattr(st, k) for k in ('st_mode', 'st_nlink', 'st_size', 'st_uid', 'st_gid', 'st_atime', 'st_mtime', 'st_ctime')}

    def readdir(self, path, fh):
        return ['.', '..'] + os.listdir(self._path(path))

    def open(self, path, flags):
        return 0

    def create(self, path, mode, fi=None):
        fd = os.open(self._path(path), os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
        os.close(fd)
        return 0

    def write(self, path, data, offset, fh):
        name = path.lstrip('/')
        at = self._write_rule(name)
        if name in self.stalled_writes or (at is not None and offset + len(data) > at):
            if at is not None and offset < at:
                # The bytes before the stall are written; the request never answers.
                self._write_through(path, data[:at - offset], offset)
                self.stalled_writes.add(name)
            self._stall(name, offset)
        self._write_through(path, data, offset)
        return len(data)

    def _write_through(self, path, data, offset):
        fd = os.open(self._path(path), os.O_WRONLY)
        try:
            os.pwrite(fd, data, offset)
        finally:
            os.close(fd)

    def fsync(self, path, datasync, fh):
        name = path.lstrip('/')
        if name in self.stalled_writes:
            self._stall(name, 'fsync')
        return 0

    def truncate(self, path, length, fh=None):
        os.truncate(self._path(path), length)

    def rename(self, old, new):
        os.rename(self._path(old), self._path(new))

    def unlink(self, path):
        os.unlink(self._path(path))

    def chmod(self, path, mode):
        os.chmod(self._path(path), mode)

    def utimens(self, path, times=None):
        os.utime(self._path(path), times)

    def read(self, path, size, offset, fh):
        name = path.lstrip('/')
        at = self._rule(name)
        if at == 'stat':
            at = 0
        if isinstance(at, tuple):
            at = None
        if at is not None and offset >= at:
            self._stall(name, offset)
        if at is not None:
            size = min(size, at - offset)
        with open(self._path(path), 'rb') as f:
            f.seek(offset)
            return f.read(size)


def unmount_when_orphaned(mountpoint):
    """Unmounts and exits when the test that started this process is gone (killed before its cleanup)."""
    parent = os.getppid()
    while os.getppid() == parent:
        time.sleep(0.5)
    subprocess.run(['umount', '-l', mountpoint])
    os._exit(0)


def main():
    source, mountpoint, rules = sys.argv[1:]
    threading.Thread(target=unmount_when_orphaned, args=(mountpoint,), daemon=True).start()
    # direct_io: every read reaches this process (no page cache, no kernel read-ahead).
    FUSE(StallFs(source, rules), mountpoint, foreground=True, nothreads=False, direct_io=True)


if __name__ == '__main__':
    main()
