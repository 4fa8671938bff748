// HTTP load with autocannon: a fixed number of connections, each sending its next request as
// soon as the previous answer arrives, for a fixed time or a fixed count of requests.
import autocannon from 'autocannon';

export interface LoadOptions {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  connections: number;
  /** Seconds; the run stops then. */
  seconds?: number;
  /** Or a count of answers; the run stops after them (a time limit still applies). */
  amount?: number;
  /** Changes each request before it leaves (a new token, a new cookie). */
  setupRequest?: (request: autocannon.Request) => autocannon.Request;
  onResponse?: (status: number, body: string, headers: Record<string, string | string[]>) => void;
}

export interface LoadResult {
  /** Answers with a 2xx status per second of the run. */
  rps: number;
  p50: number;
  p99: number;
  ok: number;
  /** Non-2xx answers, errors and timeouts. */
  failed: number;
  seconds: number;
  /** CPU time the server used per 2xx answer, when the server reports it (the bench API does). */
  cpuMicrosPerRequest?: number;
}

/** The longest a counted run may take before it is cut short. */
const AMOUNT_TIME_LIMIT_S = 30;

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const request: autocannon.Request = {
    method: options.method ?? 'GET',
    ...(options.headers ? { headers: options.headers } : {}),
    ...(options.body ? { body: options.body } : {}),
  };
  if (options.setupRequest) request.setupRequest = options.setupRequest as never;
  const { onResponse } = options;
  if (onResponse) {
    // autocannon passes (status, body, context, headers).
    request.onResponse = ((
      status: number,
      body: string,
      _context: unknown,
      headers: Record<string, string | string[]>,
    ) => onResponse(status, body, headers)) as never;
  }

  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.url,
        connections: options.connections,
        ...(options.amount ? { amount: options.amount } : { duration: options.seconds ?? 3 }),
        requests: [request],
        // Samples every 100 ms, so a short run's length is known to a tenth of a second.
        sampleInt: 100,
        timeout: 20,
      },
      (error, done) => {
        clearTimeout(guard);
        if (error) reject(error instanceof Error ? error : new Error(String(error)));
        else resolve(done);
      },
    );
    const guard = setTimeout(
      () => instance.stop(),
      (options.amount ? AMOUNT_TIME_LIMIT_S : (options.seconds ?? 3) + 10) * 1000,
    );
  });

  const ok = result['2xx'];
  return {
    rps: ok / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    ok,
    failed: result.non2xx + result.errors + result.timeouts,
    seconds: result.duration,
  };
}
