/** Whether an error from the mesh API means "no such object" (HTTP 404). */
export function isNotFoundError(error: unknown): boolean {
  if (!error || typeof error !== 'object') {
    return false;
  }
  const { statusCode, name } = error as { statusCode?: unknown; name?: unknown };
  return statusCode === 404 || name === 'NotFoundError';
}
