/** The token of '/c/<token>' (a trailing slash allowed), or '' for any other path. */
export function tokenDeRuta(pathname) {
  const m = /^\/c\/([^/]+)\/?$/.exec(pathname || '');
  return m ? decodeURIComponent(m[1]) : '';
}

/** The online booking pages: '/reservar' and anything below it. */
export function esReserva(pathname) {
  return /^\/reservar(\/|$)/.test(pathname || '');
}

/** The token of '/o/<token>' (a freed slot offered to a patient of the waiting list), or '' for any other path. */
export function tokenDeOferta(pathname) {
  const m = /^\/o\/([^/]+)\/?$/.exec(pathname || '');
  return m ? decodeURIComponent(m[1]) : '';
}

/** The offer pages: '/o/' and below it. */
export function esOferta(pathname) {
  return /^\/o\//.test(pathname || '');
}
