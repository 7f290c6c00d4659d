import type { ApiErrorBody, FileLink } from './types';

/** A refused or failed API call: the HTTP status and the server's `{ error, issues }`. */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: number,
    readonly error: string,
    readonly issues: { path: string; message: string }[] = [],
  ) {
    super(`${status} ${error}`);
  }
}

export interface Api {
  get<T>(path: string): Promise<T>;
  post<T>(path: string, body?: unknown): Promise<T>;
  put<T>(path: string, body: unknown): Promise<T>;
  del<T>(path: string): Promise<T>;
  /**
   * A file route (document image, agreement PDF) as a URL to show: the presigned link the API
   * answers with, or, if the API sends the bytes themselves, an object URL of them.
   */
  file(path: string): Promise<ShownFile>;
}

export interface ShownFile {
  url: string;
  contentType: string;
  /** The file's bytes (a PDF drawn in the page; the CSP keeps blob: out of fetch). */
  bytes(): Promise<ArrayBuffer>;
  /** Frees an object URL; nothing to do for a link. */
  release(): void;
}

export interface ApiOptions {
  base: string;
  token: () => string | null;
  /** Called on 401: the token expired or was refused. */
  onUnauthorized: () => void;
}

async function errorOf(res: Response): Promise<ApiError> {
  let body: Partial<ApiErrorBody> = {};
  try {
    body = (await res.json()) as Partial<ApiErrorBody>;
  } catch {
    // Not JSON (a proxy's error page): the status says enough.
  }
  return new ApiError(res.status, body.error ?? res.statusText, body.issues ?? []);
}

/** The fetch wrapper every page uses: bearer token on, JSON in and out, errors as ApiError. */
export function createApi(opts: ApiOptions): Api {
  const call = async (method: string, path: string, body?: unknown): Promise<Response> => {
    const headers: Record<string, string> = {};
    const token = opts.token();
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${opts.base}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (res.status === 401) opts.onUnauthorized();
    if (!res.ok) throw await errorOf(res);
    return res;
  };
  const json = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await call(method, path, body);
    const text = await res.text();
    return (text ? JSON.parse(text) : undefined) as T;
  };
  return {
    get: (path) => json('GET', path),
    post: (path, body) => json('POST', path, body ?? {}),
    put: (path, body) => json('PUT', path, body),
    del: (path) => json('DELETE', path),
    file: async (path) => {
      const res = await call('GET', path);
      if ((res.headers.get('content-type') ?? '').includes('application/json')) {
        const link = (await res.json()) as FileLink;
        return {
          url: link.url,
          contentType: link.contentType,
          bytes: async () => (await fetch(link.url)).arrayBuffer(),
          release: () => {},
        };
      }
      const blob = await res.blob();
      const url = URL.createObjectURL(blob);
      return {
        url,
        contentType: blob.type,
        bytes: () => blob.arrayBuffer(),
        release: () => URL.revokeObjectURL(url),
      };
    },
  };
}

/** Posts a file to a presigned POST: the policy's fields first, the file last (S3 requires it). */
export async function postToPresigned(
  url: string,
  fields: Record<string, string>,
  file: File,
): Promise<void> {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append('file', file);
  const res = await fetch(url, { method: 'POST', body: form });
  if (!res.ok) throw new ApiError(res.status, (await res.text()).slice(0, 300) || 'upload failed');
}

export const enc = encodeURIComponent;
