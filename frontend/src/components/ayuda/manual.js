// The user guide (docs/manual/, the same Markdown files the repository shows) bundled into the application: the
// pages as text, the screenshots as hashed assets. The guide is regenerated with the UI (`make manual`), so the
// app's help never drifts from it.
import indice from '../../../../docs/manual/README.md?raw';
import recepcion from '../../../../docs/manual/recepcion.md?raw';
import medico from '../../../../docs/manual/medico.md?raw';
import facturacion from '../../../../docs/manual/facturacion.md?raw';
import administracion from '../../../../docs/manual/administracion.md?raw';
import { ROLES } from '../../utils/roles';

const imagenes = import.meta.glob('../../../../docs/manual/img/*.png', { eager: true, query: '?url', import: 'default' });

export const PAGINAS = { indice, recepcion, medico, facturacion, administracion };

const PAGINA_DE_ROL = {
  [ROLES.RECEPCION]: 'recepcion',
  [ROLES.MEDICO]: 'medico',
  [ROLES.FACTURACION]: 'facturacion',
  [ROLES.ADMIN]: 'administracion',
};

/** The guide's page for a role ('recepcion', …), or the index for a role without one. */
export function paginaDeRol(rol) {
  return PAGINA_DE_ROL[rol] || 'indice';
}

/** Where a link of the guide goes: another page of the guide ("medico.md") inside the app, anything else as is. */
export function destinoEnlace(href) {
  const pagina = /^(?:\.\/)?([a-z]+)\.md$/i.exec(href || '');
  if (!pagina) return { externo: true, href };
  const nombre = pagina[1].toLowerCase() === 'readme' ? 'indice' : pagina[1].toLowerCase();
  return { externo: false, to: `/ayuda/${nombre}` };
}

/** The bundled URL of a screenshot the guide names ("img/recepcion-agenda.png"), or null if it is not there. */
export function urlImagen(src) {
  const nombre = (src || '').split('/').pop();
  const clave = Object.keys(imagenes).find((k) => k.endsWith(`/img/${nombre}`));
  return clave ? imagenes[clave] : null;
}
