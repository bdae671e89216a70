import type { LocalisedName } from '../agreement.js';
import type { CalendarDate } from '../dates.js';
import { determineConnections } from '../chapter14a/connections.js';
import type { Scenario } from '../chapter14a/types.js';
import type { IndependentQuote, NotIndependentWhy } from './types.js';

/** A register party as far as supplier matching needs it; chapter 14A's `Party` fits. */
export interface RegisterParty {
  readonly id: string;
  readonly name: LocalisedName;
  readonly aliases?: readonly string[] | undefined;
}

export interface IndependenceContext {
  /** The register's parties (issue 3), matched by id and by name. */
  readonly parties: readonly RegisterParty[];
  /** Further names by party id (trading names, former names), where the register keeps them apart. */
  readonly aliases?: ReadonlyMap<string, readonly string[]>;
  /** The order's counterparty: a register party or only a name (issue 2's agreement counterparty). */
  readonly counterparty: {
    readonly partyId: string | null;
    readonly name: LocalisedName;
    readonly aliases?: readonly string[];
  };
  /** Party ids in the counterparty's group (its holding companies, subsidiaries, fellow subsidiaries). */
  readonly counterpartyGroup: ReadonlySet<string>;
  /** Whether a party is a connected person of the issuer on a date (issue 3's register as of that date). */
  readonly connectedOn: (partyId: string, date: CalendarDate) => boolean;
  /** A group key per party: two quotes from one group count once. Absent = each party its own group. */
  readonly groupOf?: (partyId: string) => string;
  /** The order's signing date, the quote date when a quote gives none. */
  readonly signedOn: CalendarDate;
  /** `nameIndex(parties, aliases)`, when the caller keeps one for many calls. */
  readonly nameIndex?: ReadonlyMap<string, readonly RegisterParty[]>;
}

/**
 * The register's parties by every normalised name they go by (English, Chinese, aliases), in
 * register order. Built once per reading of the register rather than once per order.
 */
export function nameIndex(
  parties: readonly RegisterParty[],
  aliases?: ReadonlyMap<string, readonly string[]>,
): Map<string, RegisterParty[]> {
  const index = new Map<string, RegisterParty[]>();
  for (const p of parties) {
    for (const n of new Set(namesOf(p.name, p.aliases, aliases?.get(p.id)))) {
      const list = index.get(n);
      if (list) list.push(p);
      else index.set(n, [p]);
    }
  }
  return index;
}

export interface SupplierIndependence {
  readonly index: number;
  /** The supplier as given: its name, else its party id. */
  readonly supplier: string;
  /** The register party it resolved to, if any. */
  readonly partyId: string | null;
  readonly matchedBy: 'partyId' | 'name' | 'none';
  readonly quotedOn: CalendarDate;
  readonly independent: boolean;
  readonly why: NotIndependentWhy | null;
  /** Why not, in English (null when independent). */
  readonly explanation: string | null;
  /** Quotes with the same key come from one group and count once. */
  readonly group: string;
}

/**
 * Names are compared ignoring case and spacing (issue 4): NFKC folds full-width forms, so "ＡＢＣ"
 * and "abc" match, and every kind of white space, the ideographic space included, is dropped.
 */
export const normaliseName = (name: string): string =>
  name.normalize('NFKC').replace(/\s+/gu, '').toLowerCase();

function namesOf(name: LocalisedName, ...aliasLists: (readonly string[] | undefined)[]): string[] {
  const all = [name.en, name['zh-Hant'] ?? '', ...aliasLists.flatMap((l) => l ?? [])];
  return all.map(normaliseName).filter((n) => n !== '');
}

const displayName = (p: RegisterParty): string =>
  p.name['zh-Hant'] ? `${p.name.en} (${p.name['zh-Hant']})` : p.name.en;

/**
 * Decides, per independent quote, whether its supplier is independent: not the counterparty, not in
 * the counterparty's group, not a connected person on the quote date, and — for a supplier the
 * register does not know — with a recorded independence confirmation. A name that matches several
 * register parties is judged against all of them (the strictest wins), so an ambiguous name never
 * makes a connected supplier look independent.
 */
export function supplierIndependence(
  quotes: readonly IndependentQuote[],
  ctx: IndependenceContext,
): SupplierIndependence[] {
  const byId = new Map(ctx.parties.map((p) => [p.id, p]));
  const counterpartyNames = new Set(
    namesOf(
      ctx.counterparty.name,
      ctx.counterparty.aliases,
      ctx.counterparty.partyId === null ? undefined : ctx.aliases?.get(ctx.counterparty.partyId),
    ),
  );
  const byName = ctx.nameIndex ?? nameIndex(ctx.parties, ctx.aliases);
  const groupOf = (id: string): string => `party:${ctx.groupOf?.(id) ?? id}`;

  return quotes.map((q, index) => {
    // Shown as given by name, else by the register's name for the party id, else the id itself.
    const named = q.supplier.partyId === null ? undefined : byId.get(q.supplier.partyId);
    const supplier = q.supplier.name ?? named?.name.en ?? q.supplier.partyId ?? '';
    const quotedOn = q.quotedOn ?? ctx.signedOn;
    const base = { index, supplier, quotedOn };
    const refuse = (
      why: NotIndependentWhy,
      explanation: string,
      partyId: string | null,
      matchedBy: SupplierIndependence['matchedBy'],
    ): SupplierIndependence => ({
      ...base,
      partyId,
      matchedBy,
      independent: false,
      why,
      explanation,
      group: partyId === null ? `name:${normaliseName(supplier)}` : groupOf(partyId),
    });

    let matches: RegisterParty[];
    let matchedBy: SupplierIndependence['matchedBy'];
    if (q.supplier.partyId !== null) {
      matchedBy = 'partyId';
      if (q.supplier.partyId === ctx.counterparty.partyId)
        return refuse(
          'counterparty',
          'the supplier is the counterparty itself',
          q.supplier.partyId,
          matchedBy,
        );
      const party = byId.get(q.supplier.partyId);
      if (!party) {
        return refuse(
          'unknown-party',
          `party "${q.supplier.partyId}" is not in the register`,
          null,
          matchedBy,
        );
      }
      matches = [party];
    } else {
      matchedBy = 'name';
      const wanted = normaliseName(q.supplier.name ?? '');
      if (counterpartyNames.has(wanted)) {
        return refuse(
          'counterparty',
          `"${supplier}" is the counterparty's name (${ctx.counterparty.name.en})`,
          ctx.counterparty.partyId,
          matchedBy,
        );
      }
      matches = [...(byName.get(wanted) ?? [])];
    }

    for (const party of matches) {
      if (party.id === ctx.counterparty.partyId)
        return refuse(
          'counterparty',
          `"${supplier}" is the counterparty, ${displayName(party)}`,
          party.id,
          matchedBy,
        );
      if (ctx.counterpartyGroup.has(party.id)) {
        return refuse(
          'counterparty-group',
          `${displayName(party)} is in the counterparty's group`,
          party.id,
          matchedBy,
        );
      }
      if (ctx.connectedOn(party.id, quotedOn)) {
        return refuse(
          'connected-person',
          `${displayName(party)} is a connected person of the issuer on ${quotedOn}, the quote date`,
          party.id,
          matchedBy,
        );
      }
    }

    const [first] = matches;
    if (first) {
      return {
        ...base,
        partyId: first.id,
        matchedBy,
        independent: true,
        why: null,
        explanation: null,
        group: groupOf(first.id),
      };
    }
    if (q.independenceConfirmedBy === null) {
      return refuse(
        'unconfirmed-supplier',
        `"${supplier}" is not in the register and nobody has confirmed its independence (independenceConfirmedBy)`,
        null,
        'none',
      );
    }
    return {
      ...base,
      partyId: null,
      matchedBy: 'none',
      independent: true,
      why: null,
      explanation: null,
      group: `name:${normaliseName(supplier)}`,
    };
  });
}

/**
 * `connectedOn` from a chapter 14A scenario: the register as of the quote date, each date computed
 * once. The app may build its own from the stored register instead.
 */
export function connectedOnFromScenario(
  scenario: Scenario,
): (partyId: string, date: CalendarDate) => boolean {
  const byDate = new Map<CalendarDate, ReadonlySet<string>>();
  return (partyId, date) => {
    let connected = byDate.get(date);
    if (!connected) {
      connected = new Set(
        determineConnections({ ...scenario, asOf: date })
          .filter((c) => c.connected)
          .map((c) => c.id),
      );
      byDate.set(date, connected);
    }
    return connected.has(partyId);
  };
}
