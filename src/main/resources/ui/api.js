// The proxy's own JSON routes, and nothing else: the page is the reference client.
export class ApiError extends Error {
  constructor(status, message) { super(message); this.status = status; }
}

export async function get(path) {
  const response = await fetch(path, { headers: { Accept: 'application/json' } });
  let body = null;
  try { body = await response.json(); } catch { /* not JSON */ }
  if (!response.ok) {
    throw new ApiError(response.status, body && body.message ? body.message : `the proxy answered ${response.status}`);
  }
  return body;
}

const seg = encodeURIComponent;
export const user = (u) => get(`/users/${seg(u)}`);
export const repositories = (u) => get(`/repositories/${seg(u)}`);
export const repository = (u, r) => get(`/repositories/${seg(u)}/${seg(r)}`);
export const tags = (u, r) => get(`/repositories/${seg(u)}/${seg(r)}/tags?ordering=-last_updated&limit=100`);
export const watch = () => get('/watch');
export const platforms = (u, r, tag) => get(`/repositories/${seg(u)}/${seg(r)}/tags/${seg(tag)}/platforms`);
export const buildHistory = (u, r, tag, platform) =>
  get(`/repositories/${seg(u)}/${seg(r)}/tags/${seg(tag)}/history?platform=${encodeURIComponent(platform)}`);
