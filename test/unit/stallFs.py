#!/usr/bin/python3
"""A FUSE file system whose reads stall, like a network drive whose server stopped answering.

    /usr/bin/python3 stallFs.py SOURCE MOUNTPOINT RULES

Serves the regular files of SOURCE, read-only, at MOUNTPOINT (python3-fusepy, libfuse 2). RULES is
a file of lines NAME=OFFSET or NAME=stat, read again at every request, so a test can make a file
stall at any moment (when training starts, say). A read of file NAME that reaches byte OFFSET
returns the bytes before OFFSET, and a read starting at or after OFFSET never answers; with
"stat", nothing about NAME answers any more, its attributes (stat) included, nor any read: the reading thread blocks in the kernel (state D, "request_wait_answer"),
as on a stalled NFS or SMB mount. Like a hard NFS mount (and unlike a plain FUSE one), it ends
only when the process is killed: a stalled read whose thread has SIGKILL pending (the process is
exiting or being killed) is answered with EINTR, so that process can end; any other signal
(SIGINT, SIGTERM) does not unblock it. Each stall is logged on stdout ("stalled NAME at OFFSET")
so a test can wait for it instead of sleeping. Run as root (libfuse mounts through mount(2)).
"""
import errno
import os
import stat
import subprocess
import sys
import threading
import time

from fusepy import FUSE, FuseOSError, Operations, fuse_get_context

SIGKILL_BIT = 1 << (9 - 1)


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

    def _rule(self, name):
        """The rule for `name`: a byte offset, 'stat', or None."""
        try:
            with open(self.rules) as f:
                for line in f:
                    rule_name, _, rule = line.strip().rpartition('=')
                    if rule_name == name:
                        return rule if rule == 'stat' else int(rule)
        except FileNotFoundError:
            pass
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
        if flags & (os.O_WRONLY | os.O_RDWR):
            raise FuseOSError(errno.EROFS)
        return 0

    def read(self, path, size, offset, fh):
        name = path.lstrip('/')
        at = self._rule(name)
        if at == 'stat':
            at = 0
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
    FUSE(StallFs(source, rules), mountpoint, foreground=True, nothreads=False, direct_io=True, ro=True)


if __name__ == '__main__':
    main()
