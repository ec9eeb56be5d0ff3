/** The token of '/c/<token>' (a trailing slash allowed), or '' for any other path. */
export function tokenDeRuta(pathname) {
  const m = /^\/c\/([^/]+)\/?$/.exec(pathname || '');
  return m ? decodeURIComponent(m[1]) : '';
}

/** The online booking pages: '/reservar' and anything below it. */
export function esReserva(pathname) {
  return /^\/reservar(\/|$)/.test(pathname || '');
}
