/** Order-gate throughput of the real use case `recordOrder`, on either engine. */
import { recordOrder } from '../src/app/record-order.js';
import {
  drive,
  gateWorld,
  openBenchStore,
  orderBody,
  type Engine,
  type GateWorld,
  type Outcome,
  type RunResult,
} from './support.js';

/** Big enough that no bench run fills it: 9 × 10^12 CNY. */
export const BIG_CAP = '9000000000000.00';
export const ORDER_AMOUNT = '100.00';

export interface GateResult extends RunResult {
  readonly engine: Engine;
  readonly poolSize: number;
  readonly caps: number;
}

/**
 * One order through the use case: accepted, or refused for the cap; anything else is an error — a
 * refusal for another reason (a term, the pricing policy) means the bench's order is wrong, and must
 * not be counted as throughput.
 */
export async function placeOrder(w: GateWorld, reference: string, amount = ORDER_AMOUNT): Promise<Outcome> {
  const r = await recordOrder(w.ctx, w.actor, orderBody(w.agreementId, reference, amount));
  if (r.statusCode === 201) return 'accepted';
  if (r.statusCode === 409 && 'reasons' in r.body) {
    const codes = r.body.reasons.map((reason) => reason.code);
    if (codes.every((code) => code === 'CAP_EXCEEDED')) return 'refused';
    throw new Error(`refused for ${codes.join(', ')}, not for the cap`);
  }
  throw new Error(`unexpected status ${r.statusCode}`);
}

/** Throughput at `clients` concurrent async clients; PostgreSQL gets a pool of `poolSize`. */
export async function gateThroughput(
  engine: Engine,
  clients: number,
  seconds: number,
  poolSize = clients,
  /**
   * How many caps (each its own agreement) the clients spread over: client c orders against cap
   * c mod caps. 1 is the hot row: every order waits for the previous one's lock on one cap row.
   */
  caps = 1,
): Promise<GateResult> {
  const bs = await openBenchStore(engine, poolSize);
  try {
    const worlds: GateWorld[] = [];
    for (let i = 0; i < caps; i++) worlds.push(await gateWorld(bs.store, BIG_CAP));
    const r = await drive(clients, seconds, (c, i) =>
      placeOrder(worlds[c % caps] as GateWorld, `B-${c}-${i}`),
    );
    return { ...r, engine, poolSize: bs.poolSize, caps };
  } finally {
    await bs.dispose();
  }
}
