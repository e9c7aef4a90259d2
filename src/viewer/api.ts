/** The viewer's calls to the server's JSON API (same origin; the token cookie rides along). */
import type { MapSummary, MapView, SearchResponse, SourceView } from "../serve/types.js";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export async function getJson<T>(path: string): Promise<T> {
  const res = await fetch(path, { credentials: "same-origin", headers: { Accept: "application/json" } });
  const body = (await res.json().catch(() => undefined)) as
    { error?: { code?: string; message?: string } } | undefined;
  if (!res.ok)
    throw new ApiError(
      res.status,
      body?.error?.code ?? "INTERNAL",
      body?.error?.message ?? `HTTP ${res.status}`,
    );
  return body as T;
}

export const listMaps = () => getJson<{ maps: MapSummary[] }>("/api/maps").then((r) => r.maps);
export const getMapView = (id: string) => getJson<MapView>(`/api/maps/${encodeURIComponent(id)}`);
export const getSource = (id: string) => getJson<SourceView>(`/api/sources/${encodeURIComponent(id)}`);

export interface SearchParams {
  q: string;
  source?: string;
  author?: string;
  stance?: string;
  kind?: string;
}

export function search(p: SearchParams): Promise<SearchResponse> {
  const params = new URLSearchParams({ q: p.q, limit: "30" });
  for (const k of ["source", "author", "stance", "kind"] as const) {
    const v = p[k];
    if (v) params.set(k, v);
  }
  return getJson<SearchResponse>(`/api/search?${params.toString()}`);
}
