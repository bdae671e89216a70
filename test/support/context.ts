import { OPERATOR_ROLES } from '../../src/app/authorize.js';
import { createIssuer } from '../../src/app/issuers.js';
import type { AppContext } from '../../src/app/context.js';
import type { Actor, Store } from '../../src/app/ports.js';
import { fixedClock, randomIds } from '../../src/adapters/system.js';
import { createAgreement } from '../../src/app/create-agreement.js';
import { seedAgreementInput } from '../../src/demo/seed.js';

export interface TestWorld {
  readonly ctx: AppContext;
  readonly actor: Actor;
}

/** An issuer on a fresh store, with a clock pinned to `today`. */
export async function world(store: Store, today = '2026-03-15'): Promise<TestWorld> {
  const ctx: AppContext = { store, clock: fixedClock(today), ids: randomIds };
  const issuer = await createIssuer(ctx, { name: { en: 'Test Issuer Ltd', 'zh-Hant': null }, isDemo: false });
  return { ctx, actor: { userId: 'tester', issuerId: issuer.id, roles: OPERATOR_ROLES } };
}

/** The seed agreement recorded, with its caps by category key and period start. */
export async function seedAgreement(w: TestWorld) {
  const agreement = await createAgreement(w.ctx, w.actor, seedAgreementInput());
  const cap = (key: string, periodStart: string) => {
    const found = agreement.caps.find((c) => c.categoryKeys.includes(key) && c.periodStart === periodStart);
    if (!found) throw new Error(`no cap ${key} ${periodStart}`);
    return found;
  };
  return { agreement, cap };
}
