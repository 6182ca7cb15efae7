import type { ExchangePurpose } from './datasets.ts';

/** A question the platform puts to a partner department about one person. */
export interface PartnerQuery {
  kind: 'person_alive' | 'account_holder';
  /** Full, normalised ID number: a query discloses it to the partner, and is audited as such. */
  idNumber: string;
  /** For account_holder: the account whose holder is to be confirmed. */
  accountNumber?: string;
  purpose: ExchangePurpose;
  /** Unique per query, so that the logged hash cannot be matched against guessed ID numbers. */
  queryId: string;
}

export interface PartnerAnswer {
  /** Whether the partner knows the person at all. */
  found: boolean;
  /** person_alive: alive now, and the date that has been true since (birth or death). */
  alive?: boolean;
  since?: string | null;
  /** account_holder: whether the person holds the account. */
  holder?: boolean;
}

/**
 * How the platform asks a partner system. A deployment supplies one per partner system (over
 * its network and protocol: HTTP, X-Road, a message queue); the simulated one serves tests and
 * the demo. An adapter throws when the partner cannot be reached; the platform logs the failure.
 */
export interface PartnerAdapter {
  ask(query: PartnerQuery): Promise<PartnerAnswer>;
}

/** What the simulated partner knows; it answers only from this. */
export interface SimulatedKnowledge {
  /** The person as the partner's own register has them; undefined when unknown to it. */
  person(idNumber: string): Promise<{ birthDate: string; diedOn: string | null } | undefined>;
  holdsAccount(idNumber: string, accountNumber: string): Promise<boolean>;
}

/**
 * A stand-in for public security and the banks, deterministic for tests and the demo. By
 * default it knows what the registry knows; deaths it has heard of first (`recordDeath`) make
 * its answers differ from the registry's, as a real partner's would before its batch arrives.
 */
export function createSimulatedPartner(knowledge: SimulatedKnowledge) {
  const deaths = new Map<string, string>();
  let unavailable = false;
  const adapter: PartnerAdapter & { recordDeath(idNumber: string, diedOn: string): void; setUnavailable(value: boolean): void } = {
    async ask(query) {
      if (unavailable) throw new Error('simulated partner is unavailable');
      const person = await knowledge.person(query.idNumber);
      if (!person) return { found: false };
      switch (query.kind) {
        case 'person_alive': {
          const diedOn = deaths.get(query.idNumber) ?? person.diedOn;
          return diedOn ? { found: true, alive: false, since: diedOn } : { found: true, alive: true, since: person.birthDate };
        }
        case 'account_holder':
          return { found: true, holder: query.accountNumber ? await knowledge.holdsAccount(query.idNumber, query.accountNumber) : false };
      }
    },
    recordDeath(idNumber, diedOn) {
      deaths.set(idNumber, diedOn);
    },
    setUnavailable(value) {
      unavailable = value;
    },
  };
  return adapter;
}
