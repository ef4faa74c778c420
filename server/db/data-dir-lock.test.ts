import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DataDirLockedError, LOCK_FILE, lockDataDir } from './data-dir-lock';

/** Issue 5, item 6: one process per embedded data folder; a dead owner's lock is taken over. */
const root = path.resolve(__dirname, '..', '..');
// Run TypeScript in the child itself (not through the tsx wrapper), so its pid is the lock holder's.
const tsx = ['--import', 'tsx', '-e'];
let dir: string;
beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'waymark-lock-')); });
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const readLock = () => JSON.parse(fs.readFileSync(path.join(dir, LOCK_FILE), 'utf8'));

test('a second holder is refused with a message naming the owner and the server engine', () => {
  const lock = lockDataDir(dir);
  expect(readLock().pid).toBe(process.pid);
  expect(() => lockDataDir(dir)).toThrow(DataDirLockedError);
  expect(() => lockDataDir(dir)).toThrow(new RegExp(`pid ${process.pid} .*DATABASE_URL`));
  lock.release();
  expect(fs.existsSync(path.join(dir, LOCK_FILE))).toBe(false);
  lockDataDir(dir).release();
});

test('a stale lock from a dead pid is taken over', () => {
  const dead = spawnSync(process.execPath, ['-e', 'process.exit(0)']).pid!;
  fs.writeFileSync(path.join(dir, LOCK_FILE), JSON.stringify({ pid: dead, host: os.hostname(), startedAt: '2026-01-01T00:00:00Z', processStart: '1' }));
  const lock = lockDataDir(dir);
  expect(readLock().pid).toBe(process.pid);
  lock.release();
});

test('a lock whose pid was reused by another process is stale; one from another host is not', () => {
  // Our parent runs, but started at another time than the lock says.
  fs.writeFileSync(path.join(dir, LOCK_FILE), JSON.stringify({ pid: process.ppid, host: os.hostname(), startedAt: 'x', processStart: '-1' }));
  lockDataDir(dir).release();
  fs.writeFileSync(path.join(dir, LOCK_FILE), JSON.stringify({ pid: 1, host: 'some-other-host', startedAt: 'x', processStart: null }));
  expect(() => lockDataDir(dir)).toThrow(/some-other-host/);
});

test('a second process is refused by createDb; after kill -9 of the first, the lock is taken over', async () => {
  const holder = spawn(process.execPath, [...tsx, `
    const { lockDataDir } = require(${JSON.stringify(path.join(root, 'server/db/data-dir-lock.ts'))});
    lockDataDir(${JSON.stringify(dir)});
    console.log('locked');
    setInterval(() => {}, 1000);
  `], { stdio: ['ignore', 'pipe', 'inherit'], cwd: root });
  await new Promise<void>((resolve, reject) => {
    holder.stdout!.on('data', (d) => String(d).includes('locked') && resolve());
    holder.once('exit', (code) => reject(new Error(`holder exited ${code}`)));
  });
  const second = spawnSync(process.execPath, [...tsx, `
    require(${JSON.stringify(path.join(root, 'server/db/index.ts'))}).createDb({ dataDir: ${JSON.stringify(dir)} })
      .then(() => { console.log('opened'); process.exit(0); }, (err) => { console.error(err.message); process.exit(3); });
  `], { encoding: 'utf8', timeout: 60_000, cwd: root });
  expect(second.status).toBe(3);
  expect(second.stderr).toContain(`Another Waymark process (pid ${holder.pid}`);
  expect(second.stderr).toContain('DATABASE_URL');
  holder.kill('SIGKILL');
  await new Promise((r) => holder.once('exit', r));
  const lock = lockDataDir(dir);
  expect(readLock().pid).toBe(process.pid);
  lock.release();
}, 60_000);
