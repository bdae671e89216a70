import seedCase from './seed-case.json' with { type: 'json' };

/** The seed case (Kingsoft Cloud – Xiaomi, 2025) as the project's own copy of the data. */
export const SEED_CASE = seedCase;

/** The seed agreement as a `POST /api/v1/agreements` body: two categories, six caps, RMB. */
export function seedAgreementInput() {
  const a = seedCase.agreement;
  return {
    name: a.name,
    counterparty: { name: seedCase.counterparty.name, partyId: 'xiaomi' },
    signedOn: a.signedOn,
    recognitionBasis: 'fee-payable',
    amountsInclude: 'including-tax',
    categories: a.categories.map((c) => ({
      key: c.key,
      name: c.name,
      direction: c.direction,
      termStart: c.termStart,
      termEnd: c.termEnd,
      pricingBasis: c.capBasis,
      pricingPolicy: { minIndependentQuotes: a.pricingPolicy.minIndependentQuotes },
    })),
    caps: a.categories.flatMap((c) =>
      c.caps.map((cap) => ({
        categoryKeys: [c.key],
        periodStart: cap.periodStart,
        periodEnd: cap.periodEnd,
        amount: cap.amount,
        currency: cap.currency,
      })),
    ),
  };
}
