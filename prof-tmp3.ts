import { createDb } from './server/db';
async function main() {
  const db = await createDb({ dataDir: '/tmp/wm-prof/data' });
  for (let i = 0; i < 3; i++) { const t = performance.now(); await db.refreshStatistics(); console.log('analyze ms', (performance.now() - t).toFixed(0)); }
  await db.close();
}
main();
