/**
 * Precision and recall of the duplicate rule over the labelled pairs in
 * test/fixtures/duplicates/pairs.json (issue 17): the rule before issue 17 and the current
 * one, on half A (tuned on), half B (held out) and the whole, then the worst mistakes.
 * No database: the registry's word counts come from the set's own names.
 *
 *   npm run eval:duplicates [-- --misses 10]
 */
import { count, currentRule, fixtureWeights, loadPairs, referenceRule, type Judged } from '../test/fixtures/duplicates/evaluate';

const shown = Number(process.argv[process.argv.indexOf('--misses') + 1]) || 8;
const pairs = loadPairs();
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const line = (label: string, judged: Judged[]) => {
  const c = count(judged);
  return `${label.padEnd(22)} precision ${pct(c.precision).padStart(6)}  recall ${pct(c.recall).padStart(6)}  TP ${c.tp} FP ${c.fp} FN ${c.fn} TN ${c.tn}`;
};
const describe = (j: Judged) => `  ${j.pair.id} [${j.pair.kind}] name ${j.nameScore} score ${j.score} ${Math.round(j.metres)} m: "${j.pair.a.name}" (${j.pair.a.category}) / "${j.pair.b.name}" (${j.pair.b.category})`;

console.log(`${pairs.length} labelled pairs: ${pairs.filter((p) => p.label === 'duplicate').length} duplicates, ${pairs.filter((p) => p.label === 'distinct').length} distinct`);
for (const [name, judged] of [['before issue 17', referenceRule(pairs)], ['current', currentRule(fixtureWeights(pairs))(pairs)]] as const) {
  console.log(`\n${name}`);
  for (const half of ['A', 'B'] as const) console.log(line(`  half ${half}${half === 'A' ? ' (tuned)' : ' (held out)'}`, judged.filter((j) => j.pair.half === half)));
  console.log(line('  whole', judged));
  const misses = judged.filter((j) => !j.likely && j.pair.label === 'duplicate').sort((a, b) => a.nameScore - b.nameScore);
  const falseAlarms = judged.filter((j) => j.likely && j.pair.label === 'distinct').sort((a, b) => b.nameScore - a.nameScore);
  console.log(`  missed duplicates (${misses.length}), lowest first:`);
  misses.slice(0, shown).forEach((j) => console.log(describe(j)));
  console.log(`  false duplicates (${falseAlarms.length}), highest first:`);
  falseAlarms.slice(0, shown).forEach((j) => console.log(describe(j)));
}
