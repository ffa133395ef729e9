/** Where to go after signing in: only same-site paths, never back to /login. */
export function safeRedirect(target: string | null): string {
  if (!target || !target.startsWith('/') || target.startsWith('//') || target.startsWith('/login')) return '/customers';
  return target;
}

export function loginPath(from: string): string {
  return from && from !== '/' && !from.startsWith('/login') ? `/login?from=${encodeURIComponent(from)}` : '/login';
}
