import type { LocalisedName } from '../domain/index.js';
import type { AppContext } from './context.js';
import type { IssuerRecord } from './ports.js';

/** Creates an issuer (a listed company whose CCTs are kept). Accounts and roles come with issue 6. */
export async function createIssuer(
  ctx: AppContext,
  input: { name: LocalisedName; isDemo: boolean; financialYearEnd?: string; id?: string },
): Promise<IssuerRecord> {
  const issuer: IssuerRecord = {
    id: input.id ?? ctx.ids.next('iss'),
    name: input.name,
    isDemo: input.isDemo,
    financialYearEnd: input.financialYearEnd ?? '12-31',
  };
  await ctx.store.transaction(async (tx) => {
    await tx.insertIssuer(issuer, ctx.clock.now());
    return { commit: true, value: undefined };
  });
  return issuer;
}

export const listIssuers = (ctx: AppContext): Promise<IssuerRecord[]> => ctx.store.listIssuers();
