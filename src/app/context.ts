import type { Clock, IdGenerator, Store } from './ports.js';

export interface AppContext {
  readonly store: Store;
  readonly clock: Clock;
  readonly ids: IdGenerator;
}
