import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * The embedded engine's data folder is one PostgreSQL data directory run inside this
 * process: a second process opening it would keep its own copy in memory and the two
 * would overwrite each other's writes. So the first process takes this lock and any
 * other is refused.
 *
 * The lock is a file created with O_EXCL holding the owner's pid, host and process start
 * time. A lock whose owner is gone (kill -9, power cut) is stale and taken over at once:
 * same host and the pid no longer runs, or runs but started at another time (a reused
 * pid). A lock from another host is never assumed stale.
 */
export const LOCK_FILE = 'waymark.lock';

type Owner = { pid: number; host: string; startedAt: string; processStart: string | null };

export class DataDirLockedError extends Error {
  constructor(readonly dataDir: string, readonly owner: Owner) {
    super(
      `Another Waymark process (pid ${owner.pid} on ${owner.host}, since ${owner.startedAt}) has the data directory ${dataDir} open. ` +
        'The embedded engine serves one process at a time: stop that process first, or run several instances against a ' +
        `PostgreSQL/PostGIS server (DATABASE_URL). If you are sure no process uses it, delete ${path.join(dataDir, LOCK_FILE)}.`,
    );
  }
}

/** Linux: the process's start time in clock ticks since boot (field 22 of /proc/pid/stat); null elsewhere. */
function processStart(pid: number): string | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function isStale(owner: Owner): boolean {
  if (owner.host !== os.hostname()) return false;
  if (!Number.isInteger(owner.pid) || owner.pid <= 0 || !isRunning(owner.pid)) return true;
  const now = processStart(owner.pid);
  return owner.processStart !== null && now !== null && now !== owner.processStart;
}

function readOwner(file: string): Owner | null {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as Owner;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    // Unreadable or half-written (the writer died between create and write): treat as stale.
    return { pid: -1, host: os.hostname(), startedAt: 'unknown', processStart: null };
  }
}

export type DataDirLock = { release(): void };

export function lockDataDir(dataDir: string): DataDirLock {
  const file = path.join(dataDir, LOCK_FILE);
  const me: Owner = { pid: process.pid, host: os.hostname(), startedAt: new Date().toISOString(), processStart: processStart(process.pid) };
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      const fd = fs.openSync(file, 'wx', 0o600);
      fs.writeSync(fd, JSON.stringify(me));
      fs.fsyncSync(fd);
      fs.closeSync(fd);
      return holding(file, me);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const owner = readOwner(file);
    if (!owner) continue; // released meanwhile: try again
    if (!isStale(owner)) throw new DataDirLockedError(dataDir, owner);
    // Take over: move the stale file aside (only one process can win the rename), check it
    // was the one judged stale, then create ours with O_EXCL as usual.
    const aside = `${file}.stale-${process.pid}-${attempt}`;
    try {
      fs.renameSync(file, aside);
    } catch {
      continue;
    }
    const moved = readOwner(aside);
    if (moved && moved.pid !== owner.pid) {
      // Another process took over between our read and rename: give its lock back.
      try {
        fs.linkSync(aside, file);
      } catch { /* it is being replaced again; the loop re-reads */ }
    }
    fs.rmSync(aside, { force: true });
  }
  const owner = readOwner(file);
  throw owner ? new DataDirLockedError(dataDir, owner) : new Error(`Could not lock ${file}`);
}

function holding(file: string, me: Owner): DataDirLock {
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    process.removeListener('exit', release);
    // Remove only our own lock (never one a later owner wrote after a takeover).
    const owner = readOwner(file);
    if (owner && owner.pid === me.pid && owner.startedAt === me.startedAt) fs.rmSync(file, { force: true });
  };
  process.on('exit', release);
  return { release };
}
