interface SdkErrorShape {
  name?: unknown;
  code?: unknown;
}

/** The AWS SDK's name of a failure (`ParameterNotFound`, `ThrottlingException`, …), or `UnknownError`. */
export const errorName = (error: unknown): string => {
  const shape = (typeof error === 'object' && error !== null ? error : {}) as SdkErrorShape;
  if (typeof shape.name === 'string' && shape.name !== 'Error') return shape.name;
  return typeof shape.code === 'string' ? shape.code : 'UnknownError';
};
