/** An expected outcome as a value: callers branch on `ok` instead of catching. */
export type Result<T, E> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: E };

export const ok = <T>(value: T): Result<T, never> => ({ ok: true, value });
export const err = <E>(error: E): Result<never, E> => ({ ok: false, error });

/** One validation problem: where (a dotted path such as `stages.2.bake`) and why. */
export interface FieldIssue {
  readonly path: string;
  readonly message: string;
}
