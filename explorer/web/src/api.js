// The one way the page talks to the service: POST /graphql with JSON.

export class ApiError extends Error {
  constructor(message, { code = 'ERROR' } = {}) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
  }
}

export async function graphql(query, variables = {}, { signal } = {}) {
  let response;
  try {
    response = await fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ query, variables }),
      signal,
    });
  } catch (error) {
    if (error.name === 'AbortError') throw error;
    throw new ApiError('The service could not be reached. Check the connection and try again.', {
      code: 'NETWORK',
    });
  }
  let body;
  try {
    body = await response.json();
  } catch {
    throw new ApiError(`The service answered ${response.status} without a GraphQL result.`, {
      code: 'HTTP',
    });
  }
  return { data: body.data ?? null, errors: body.errors ?? [] };
}

// The first error of a result as an ApiError, keeping the server's code (e.g. NOT_FOUND).
export function toApiError(errors, fallback) {
  const [first] = errors;
  if (!first) return new ApiError(fallback);
  const code = first.extensions?.code ?? 'ERROR';
  return new ApiError(first.message || fallback, { code });
}

export function isNotFound(errors) {
  return errors.some(
    (error) => error.extensions?.code === 'NOT_FOUND' || /not found/i.test(error.message ?? ''),
  );
}
