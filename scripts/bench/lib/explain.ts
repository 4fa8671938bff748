// What the database says about how it runs a lookup. MongoDB answers with a tree of stages
// (IXSCAN = an index was used, COLLSCAN = every document was read); FerretDB v1 answers in its
// own format, with the plan of the SQL query it runs, so we show what it gives.

export interface PlanSummary {
  /** One line for the table, e.g. "IXSCAN email_1" or FerretDB's plan text. */
  summary: string;
  /** Whether the answer names an index (true), a full scan (false), or says neither (undefined). */
  usesIndex: boolean | undefined;
  /** The raw answer, trimmed of server details, for the doc. */
  raw: unknown;
}

type Json = Record<string, unknown>;

function stagesOf(plan: Json | undefined): string[] {
  const stages: string[] = [];
  let current: Json | undefined = plan;
  while (current) {
    const index = current.indexName ? ` ${String(current.indexName)}` : '';
    if (current.stage) stages.push(`${String(current.stage)}${index}`);
    current = (current.inputStage ??
      (current.inputStages as Json[] | undefined)?.[0] ??
      current.queryPlan) as Json | undefined;
  }
  return stages;
}

export function summarisePlan(answer: unknown): PlanSummary {
  const explain = (Array.isArray(answer) ? answer[0] : answer) as Json;
  const {
    serverInfo: _serverInfo,
    serverParameters: _parameters,
    $clusterTime: _time,
    operationTime: _op,
    ok: _ok,
    command: _command,
    ...raw
  } = explain;
  const planner = explain.queryPlanner as Json | undefined;
  const winning = planner?.winningPlan as Json | undefined;
  if (winning) {
    const stages = stagesOf(winning);
    const text = stages.join(' ← ');
    return {
      summary: text,
      usesIndex: /IXSCAN|IDHACK|EXPRESS_IXSCAN|EXPRESS_IDHACK/.test(text)
        ? true
        : /COLLSCAN/.test(text)
          ? false
          : undefined,
      raw,
    };
  }
  // FerretDB (SQLite backend): SQLite's EXPLAIN QUERY PLAN rows, plus whether the filter was
  // pushed down into SQL at all.
  const text = JSON.stringify(planner ?? explain);
  // FerretDB lists the rows as strings: "id=2 parent=0 notused=0 detail=SCAN users_5e7cc513".
  const details = [...text.matchAll(/"detail":"([^"]*)"|detail=([^"]*)"/gi)].map(
    (match) => match[1] ?? match[2],
  );
  const pushdown = explain.filterPushdown ?? explain.pushdown;
  const summary = [
    details.length ? details.join('; ') : text.slice(0, 160),
    pushdown !== undefined ? `filterPushdown: ${String(pushdown)}` : '',
  ]
    .filter(Boolean)
    .join(' · ');
  const usesIndex = /USING (COVERING )?INDEX|USING INTEGER PRIMARY KEY|USING PRIMARY KEY/i.test(
    text,
  )
    ? true
    : /\bSCAN\b/i.test(text)
      ? false
      : undefined;
  return { summary, usesIndex, raw };
}
