import type { CalendarDate } from '../dates.js';
import type { Relationship } from '../chapter14a/types.js';

/**
 * Corporate groups from the register on a date: a holder of more than 50% of a company's voting
 * power, or one that controls its board, is in one group with it; groups are the connected
 * components of those control links (holding companies, subsidiaries and fellow subsidiaries).
 * Used by the pricing gate: a quote from the counterparty's group is not independent, and two quotes
 * from one group count once.
 */
export function controlGroups(
  relationships: readonly Relationship[],
  date: CalendarDate,
): (partyId: string) => string {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let root = x;
    for (let p = parent.get(root); p !== undefined && p !== root; p = parent.get(root)) root = p;
    // Path compression: point every node on the way at the root.
    for (let n = x; n !== root;) {
      const next = parent.get(n) ?? root;
      parent.set(n, root);
      n = next;
    }
    return root;
  };
  const union = (a: string, b: string): void => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(ra < rb ? rb : ra, ra < rb ? ra : rb);
  };
  for (const r of relationships) {
    if (r.kind !== 'shareholding' && r.kind !== 'board-control') continue;
    if ((r.from !== null && date < r.from) || (r.to !== null && date > r.to)) continue;
    if (r.kind === 'shareholding' && !(r.percent.numerator * 2n > r.percent.denominator)) continue;
    union(r.holder, r.company);
  }
  return find;
}
