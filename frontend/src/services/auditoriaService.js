import api, { cleanParams, pageOf } from './api';

/** One page of the audit log (newest first): filters paciente_id, usuario_id, accion, desde, hasta. */
export async function listar({ page = 1, perPage = 50, ...filtros } = {}) {
  const { data } = await api.get('/auditoria', { params: cleanParams({ ...filtros, page, per_page: perPage }) });
  return pageOf(data, perPage);
}

export default { listar };
