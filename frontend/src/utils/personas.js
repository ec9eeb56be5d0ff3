// How people (patients, doctors, users) are named. Plain functions: the public pages' bundle imports them too.

/** 'Nombre Apellido' of anyone with `nombre` and `apellido` ('' for nobody; a missing part is left out). */
export const nombreCompleto = (p) => (p ? `${p.nombre ?? ''} ${p.apellido ?? ''}`.trim() : '');
