export { InMemoryLimitStore } from './InMemoryLimitStore.js';
export type { InMemoryLimitStoreOptions, InMemoryReservationOwner } from './InMemoryLimitStore.js';
export type {
  AsyncLimitStore,
  LimitGrant,
  LimitRefusal,
  LimitStore,
  LimitUsage,
  Reservation,
  ReservationResult,
  SyncLimitStore,
} from './LimitStore.js';
export { checkReservationId } from './checkReservationId.js';
export { idInUse } from './idInUse.js';
export { refusalFor } from './refusalFor.js';
export { newReservationToken } from './newReservationToken.js';
