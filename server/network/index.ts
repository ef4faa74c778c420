import Graph from 'graphology';
import { connectedComponents, stronglyConnectedComponents } from 'graphology-components';
import betweennessCentrality from 'graphology-metrics/centrality/betweenness';
import { directedDensity } from 'graphology-metrics/graph/density';
import { wilson, type Rate } from '../stats/proportion';

/**
 * The directed network of successful links: a node per service in a drawn pair, an edge
 * A → B when A, reached, gave at least `threshold` on the rubric about B (default 2: contact
 * details, i.e. a usable pathway). Metrics come from graphology's maintained packages.
 * Pure: takes pairs, returns numbers.
 */
export type NetworkPair = { a: string; b: string; status: 'open' | 'reached' | 'unreachable'; outcome: number | null };
export type NetworkNode = { id: string; name: string };

export type NetworkSummary = {
  linkThreshold: number;
  nodes: number;
  edges: number;
  density: number | null;
  reciprocity: { testedBothWays: number; withAnyLink: number; mutual: number; rate: Rate };
  degree: { assetId: string; name: string; inDegree: number; outDegree: number }[];
  weakComponents: { count: number; largest: number; sizes: number[] };
  strongComponents: { count: number; largest: number; sizes: number[] };
  isolated: { assetId: string; name: string }[];
  brokers: { assetId: string; name: string; betweenness: number }[];
};

const componentSummary = (components: string[][]) => {
  const sizes = components.map((c) => c.length).sort((a, b) => b - a);
  return { count: sizes.length, largest: sizes[0] ?? 0, sizes };
};

export function linkNetwork(nodes: NetworkNode[], pairs: NetworkPair[], threshold = 2): NetworkSummary {
  const graph = new Graph({ type: 'directed', multi: false, allowSelfLoops: false });
  const names = new Map(nodes.map((n) => [n.id, n.name]));
  for (const n of nodes) graph.mergeNode(n.id);
  const closed = new Map<string, boolean>(); // "a|b" → link?
  for (const p of pairs) {
    graph.mergeNode(p.a);
    graph.mergeNode(p.b);
    if (p.status === 'open') continue;
    const link = p.status === 'reached' && p.outcome !== null && p.outcome >= threshold;
    closed.set(`${p.a}|${p.b}`, link);
    if (link) graph.mergeEdge(p.a, p.b);
  }
  // Reciprocity only where both directions were tested and closed: elsewhere the missing edge is unknown, not absent.
  let testedBothWays = 0;
  let withAnyLink = 0;
  let mutual = 0;
  for (const [key, link] of closed) {
    const [a, b] = key.split('|');
    if (a > b) continue;
    const back = closed.get(`${b}|${a}`);
    if (back === undefined) continue;
    testedBothWays++;
    if (link || back) withAnyLink++;
    if (link && back) mutual++;
  }
  const order = graph.order;
  // Brandes from every node is the cost here; a node with no link lies on no path and starts
  // none, so betweenness is computed on the linked nodes only and normalised by the full
  // order, (n − 1)(n − 2), as graphology would for the whole graph.
  const linked = new Graph({ type: 'directed', multi: false, allowSelfLoops: false });
  graph.forEachEdge((_e, _attrs, source, target) => {
    linked.mergeNode(source);
    linked.mergeNode(target);
    linked.mergeEdge(source, target);
  });
  // With no link at all there is nothing to measure (and graphology's Brandes refuses an empty graph).
  const raw = order > 2 && linked.order > 0 ? betweennessCentrality(linked, { normalized: false, getEdgeWeight: null }) : {};
  const centrality = Object.fromEntries(Object.entries(raw).map(([id, v]) => [id, v / ((order - 1) * (order - 2))]));
  const nameOf = (id: string) => names.get(id) ?? id;
  const degree = graph.mapNodes((id) => ({ assetId: id, name: nameOf(id), inDegree: graph.inDegree(id), outDegree: graph.outDegree(id) }));
  degree.sort((x, y) => y.inDegree + y.outDegree - (x.inDegree + x.outDegree) || x.name.localeCompare(y.name));
  return {
    linkThreshold: threshold,
    nodes: order,
    edges: graph.size,
    density: order > 1 ? directedDensity(graph) : null,
    reciprocity: { testedBothWays, withAnyLink, mutual, rate: wilson(mutual, withAnyLink) },
    degree,
    weakComponents: componentSummary(connectedComponents(graph)),
    strongComponents: componentSummary(stronglyConnectedComponents(graph)),
    isolated: degree.filter((d) => d.inDegree + d.outDegree === 0).map((d) => ({ assetId: d.assetId, name: d.name })),
    brokers: Object.entries(centrality)
      .filter(([, v]) => v > 0)
      .sort((x, y) => y[1] - x[1] || nameOf(x[0]).localeCompare(nameOf(y[0])))
      .slice(0, 10)
      .map(([id, v]) => ({ assetId: id, name: nameOf(id), betweenness: v })),
  };
}
