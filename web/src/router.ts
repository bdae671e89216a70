/** Hash routes (`#/agreements/agr_…`): the server serves one page, and a reload keeps the screen. */
import { useEffect, useState } from 'react';

export const currentRoute = (): string =>
  (window.location.hash.replace(/^#/, '') || '/').split('?')[0] ?? '/';

export function useRoute(): string {
  const [route, setRoute] = useState(currentRoute());
  useEffect(() => {
    const on = () => setRoute(currentRoute());
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return route;
}

export const navigate = (path: string): void => {
  window.location.hash = path;
};

/** `/agreements/:id` against `/agreements/agr_1` → { id: 'agr_1' }; null when it does not match. */
export function match(pattern: string, route: string): Record<string, string> | null {
  const p = pattern.split('/');
  const r = route.split('/');
  if (p.length !== r.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < p.length; i++) {
    const seg = p[i] ?? '';
    const val = r[i] ?? '';
    if (seg.startsWith(':')) params[seg.slice(1)] = decodeURIComponent(val);
    else if (seg !== val) return null;
  }
  return params;
}
