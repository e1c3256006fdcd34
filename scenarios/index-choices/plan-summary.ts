// What an EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) says, in the few figures a report compares: the top
// node, the scan nodes and the indexes anywhere in the plan tree, the rows returned and the shared
// buffers hit and read (the root node's counts include its children's).

export interface PlanSummary {
  /** Node Type of the root, e.g. "Limit". */
  topNode: string;
  /** Every node type, depth-first from the root, e.g. ["Limit", "Index Scan"]. */
  nodeTypes: string[];
  /** Index names used by any node (Index Scan, Index Only Scan, Bitmap Index Scan), in plan order. */
  indexes: string[];
  /** Rows the root returned (actual rows x loops). */
  rows: number;
  sharedHit: number;
  sharedRead: number;
  /** Heap fetches of index-only scans (0 when the visibility map let them skip the table). */
  heapFetches: number;
  planningMs: number;
  executionMs: number;
}

type PlanNode = Record<string, unknown> & { Plans?: PlanNode[] };

function numberField(node: Record<string, unknown>, key: string): number {
  const v = node[key];
  return typeof v === 'number' ? v : 0;
}

/** Summarizes the `QUERY PLAN` value of EXPLAIN (FORMAT JSON): an array holding one object with `Plan`. */
export function summarizePlan(explain: unknown): PlanSummary {
  const top = (Array.isArray(explain) ? explain[0] : explain) as Record<string, unknown> | undefined;
  const root = top?.Plan as PlanNode | undefined;
  if (!root || typeof root['Node Type'] !== 'string') throw new Error('EXPLAIN output has no plan (expected FORMAT JSON output)');
  const nodeTypes: string[] = [];
  const indexes: string[] = [];
  let heapFetches = 0;
  const walk = (node: PlanNode) => {
    nodeTypes.push(String(node['Node Type']));
    const index = node['Index Name'];
    if (typeof index === 'string' && !indexes.includes(index)) indexes.push(index);
    heapFetches += numberField(node, 'Heap Fetches');
    for (const child of node.Plans ?? []) walk(child);
  };
  walk(root);
  return {
    topNode: String(root['Node Type']),
    nodeTypes,
    indexes,
    rows: numberField(root, 'Actual Rows') * Math.max(1, numberField(root, 'Actual Loops')),
    sharedHit: numberField(root, 'Shared Hit Blocks'),
    sharedRead: numberField(root, 'Shared Read Blocks'),
    heapFetches,
    planningMs: numberField(top!, 'Planning Time'),
    executionMs: numberField(top!, 'Execution Time'),
  };
}
