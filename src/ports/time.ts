/** Time and randomness: declared once, by the client library, which also provides the system defaults. */
export type { Clock, Random, Timers } from '@kraft-canary/client/contract';
