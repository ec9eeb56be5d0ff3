/** The token of '/c/<token>' (a trailing slash allowed), or '' for any other path. */
export function tokenDeRuta(pathname) {
  const m = /^\/c\/([^/]+)\/?$/.exec(pathname || '');
  return m ? decodeURIComponent(m[1]) : '';
}
