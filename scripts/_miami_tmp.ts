import { readFileSync } from 'node:fs';
import { unzipPackage } from '../server/interop/openreferral/zip';
import { readUpload } from '../server/interop/openreferral/package-in';
import { assetInputFromHsds } from '../server/interop/openreferral/from-hsds';
import { assetCreateSchema } from '../server/assets/schemas';
(async () => {
  const t0 = performance.now();
  const files = await unzipPackage(readFileSync('/work/shared/data/hsds1-miami/miami-datapackage-1566177582.zip'));
  const t1 = performance.now();
  const r = readUpload({ datapackage: JSON.parse(files['datapackage.json']), files });
  const t2 = performance.now();
  console.log(Object.keys(files), r.version, r.services.length, JSON.stringify(r.notRead, null, 0), (t1 - t0).toFixed(0), (t2 - t1).toFixed(0));
  const problems: Record<string, number> = {}; const warns: Record<string, number> = {};
  let sites = 0, sched = 0, withPhone = 0, ext = 0, wheel = 0, tags = 0;
  for (const s of r.services) {
    const { input, warnings } = assetInputFromHsds(s, () => undefined);
    for (const w of warnings) warns[w.field + ': ' + w.message.replace(/"[^"]*"/g, '""').replace(/\d+/g, 'N')] = (warns[w.field + ': ' + w.message.replace(/"[^"]*"/g, '""').replace(/\d+/g, 'N')] ?? 0) + 1;
    const p = assetCreateSchema.safeParse(input);
    if (!p.success) for (const i of p.error.issues) problems[i.path.join('.') + ' ' + i.message] = (problems[i.path.join('.') + ' ' + i.message] ?? 0) + 1;
    else { sites += p.data.sites.length; sched += p.data.schedule.length; if (p.data.phone) withPhone++; if (p.data.phone?.includes('x')) ext++; if (p.data.wheelchairAccess) wheel++; tags += p.data.tags.length; }
  }
  console.log(problems, warns, { sites, sched, withPhone, ext, wheel, tags }, (performance.now() - t2).toFixed(0));
  console.log(JSON.stringify(assetInputFromHsds(r.services[0], () => undefined), null, 1).slice(0, 3000));
})();
