import type { Plan } from './plan.ts';

export function isWithinWindow(_window: NonNullable<Plan['window']>, _at: number): boolean {
  throw new Error('not implemented yet');
}

export function nextAllowedInstant(_window: Plan['window'], _at: number): number {
  throw new Error('not implemented yet');
}
