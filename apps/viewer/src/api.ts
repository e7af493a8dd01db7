import type { ErrorBody } from './api-types';
import { getToken } from './auth';

export type ApiErrorKind =
  'unauthorized' | 'forbidden' | 'not_found' | 'bad_request' | 'unavailable' | 'server' | 'network' | 'aborted';

/** An API failure with a message written for the person looking at the screen. */
export class ApiError extends Error {
  constructor(
    readonly kind: ApiErrorKind,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export type Query = Record<string, string | number | boolean | undefined | null>;

type UnauthorizedListener = () => void;
let onUnauthorized: UnauthorizedListener = () => undefined;

/** Called on every 401, so the shell can send the user back to sign in. */
export function setUnauthorizedListener(listener: UnauthorizedListener): void {
  onUnauthorized = listener;
}

export function apiUrl(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  }
  const qs = params.toString();
  return `/api/v1${path}${qs ? `?${qs}` : ''}`;
}

function serverMessage(body: ErrorBody | undefined): string | undefined {
  const m = body?.message;
  if (Array.isArray(m)) return m.join('; ');
  return typeof m === 'string' && m ? m : undefined;
}

async function toError(res: Response, what: string): Promise<ApiError> {
  let body: ErrorBody | undefined;
  try {
    body = (await res.json()) as ErrorBody;
  } catch {
    body = undefined;
  }
  const detail = serverMessage(body);
  switch (res.status) {
    case 401:
      return new ApiError('unauthorized', 'Your token expired or is invalid — sign in again.', 401);
    case 403:
      return new ApiError(
        'forbidden',
        `Your token is not allowed to read ${what}${detail ? ` (${detail})` : ''}. Ask for a token with the auditor role.`,
        403,
      );
    case 404:
      return new ApiError('not_found', `Not found: ${what}${detail ? ` (${detail})` : ''}.`, 404);
    case 400:
      return new ApiError('bad_request', `The server refused the request: ${detail ?? 'bad request'}.`, 400);
    case 503:
      return new ApiError(
        'unavailable',
        'The recording store is unavailable right now; try again in a few seconds.',
        503,
      );
    default:
      return new ApiError(
        'server',
        `The server failed while loading ${what} (HTTP ${res.status}${body?.correlationId ? `, correlation id ${body.correlationId}` : ''}).`,
        res.status,
      );
  }
}

/** fetch with the bearer token; maps every failure to an ApiError. */
export async function apiFetch(
  url: string,
  what: string,
  signal?: AbortSignal,
  accept = 'application/json',
  /** a change (PUT, POST) with its JSON body; reads leave it out */
  send?: { method: 'PUT' | 'POST'; body?: unknown },
): Promise<Response> {
  const token = getToken();
  if (!token) {
    onUnauthorized();
    throw new ApiError('unauthorized', 'You are not signed in — paste a token or use the login link.', 401);
  }
  let res: Response;
  try {
    res = await fetch(url, {
      method: send?.method ?? 'GET',
      body: send?.body !== undefined ? JSON.stringify(send.body) : undefined,
      headers: {
        authorization: `Bearer ${token}`,
        accept,
        ...(send?.body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      signal,
      credentials: 'omit',
      cache: 'no-store',
    });
  } catch (err) {
    if (signal?.aborted || (err instanceof DOMException && err.name === 'AbortError')) {
      throw new ApiError('aborted', 'cancelled');
    }
    throw new ApiError(
      'network',
      `Could not reach the Auditorium API while loading ${what} (network error). Check your connection and that the server is running, then retry.`,
    );
  }
  if (!res.ok) {
    const error = await toError(res, what);
    if (error.kind === 'unauthorized') onUnauthorized();
    throw error;
  }
  return res;
}

export async function getJson<T>(path: string, query: Query, what: string, signal?: AbortSignal): Promise<T> {
  const res = await apiFetch(apiUrl(path, query), what, signal);
  try {
    return (await res.json()) as T;
  } catch {
    throw new ApiError('server', `The server sent something that is not JSON for ${what}.`, res.status);
  }
}

export async function getText(
  path: string,
  query: Query,
  what: string,
  signal?: AbortSignal,
  accept = '*/*',
): Promise<string> {
  const res = await apiFetch(apiUrl(path, query), what, signal, accept);
  try {
    return await res.text();
  } catch {
    throw new ApiError('network', `The connection broke while downloading ${what}; retry.`);
  }
}

export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  if (err instanceof Error) return `Something went wrong in the viewer: ${err.message}`;
  return 'Something went wrong in the viewer.';
}

export function isAborted(err: unknown): boolean {
  return err instanceof ApiError && err.kind === 'aborted';
}
