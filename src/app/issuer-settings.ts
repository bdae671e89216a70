import { isCalendarDate } from '../domain/index.js';
import type { FieldError } from '../domain/index.js';
import type { AppContext } from './context.js';
import { requireAction } from './authorize.js';
import { AppError } from './errors.js';
import type { Actor, IssuerRecord } from './ports.js';

export interface IssuerView {
  readonly id: string;
  readonly name: IssuerRecord['name'];
  readonly isDemo: boolean;
  readonly financialYearEnd: string;
  readonly prcIssuer: boolean;
}

const view = (i: IssuerRecord): IssuerView => ({
  id: i.id,
  name: i.name,
  isDemo: i.isDemo,
  financialYearEnd: i.financialYearEnd,
  prcIssuer: i.prcIssuer,
});

/** The issuers among `ids` (those the credentials may act for), in the store's order. */
export async function listIssuerViews(
  ctx: AppContext,
  ids: ReadonlySet<string>,
): Promise<{ items: IssuerView[] }> {
  return { items: (await ctx.store.listIssuers()).filter((i) => ids.has(i.id)).map(view) };
}

/** The acting issuer's settings. */
export async function getIssuerView(ctx: AppContext, actor: Actor): Promise<IssuerView> {
  requireAction(actor, 'issuer.read');
  const issuer = await ctx.store.getIssuer(actor.issuerId);
  if (!issuer) throw AppError.notFound(`issuer ${actor.issuerId}`);
  return view(issuer);
}

/**
 * Settings of an issuer that its classification depends on: whether it is a PRC issuer (Rule 14A.15
 * applies only then) and its financial year end ("MM-DD"), of the issuer the request acts for.
 */
export async function updateIssuerSettings(
  ctx: AppContext,
  actor: Actor,
  issuerId: string,
  raw: unknown,
): Promise<IssuerView> {
  requireAction(actor, 'issuer.settings');
  // Another issuer's id answers as an unknown one: its existence is not revealed.
  if (issuerId !== actor.issuerId) throw AppError.notFound(`issuer ${issuerId}`);
  const body =
    typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>) : null;
  if (!body) throw AppError.invalid([{ path: '', message: 'the body must be a JSON object' }]);
  const errors: FieldError[] = [];
  const settings: { prcIssuer?: boolean; financialYearEnd?: string } = {};
  for (const key of Object.keys(body)) {
    if (key !== 'prcIssuer' && key !== 'financialYearEnd') {
      errors.push({ path: key, message: 'is not an issuer setting (prcIssuer, financialYearEnd)' });
    }
  }
  const prc = body['prcIssuer'];
  if (prc !== undefined) {
    if (typeof prc !== 'boolean') errors.push({ path: 'prcIssuer', message: 'must be true or false' });
    else settings.prcIssuer = prc;
  }
  const fye = body['financialYearEnd'];
  if (fye !== undefined) {
    if (typeof fye !== 'string' || !/^\d{2}-\d{2}$/.test(fye) || !isCalendarDate(`2024-${fye}`)) {
      errors.push({ path: 'financialYearEnd', message: 'must be a month and day such as "12-31"' });
    } else settings.financialYearEnd = fye;
  }
  if (errors.length > 0) throw AppError.invalid(errors);
  return ctx.store.transaction(async (tx) => {
    const issuer = await tx.getIssuer(issuerId);
    if (!issuer) throw AppError.notFound(`issuer ${issuerId}`);
    await tx.updateIssuerSettings(issuerId, settings);
    const updated = await tx.getIssuer(issuerId);
    return { commit: true, value: view(updated ?? issuer) };
  });
}
