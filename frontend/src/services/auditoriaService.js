import api, { cleanParams, pageOf } from './api';

/** One page of the audit log (newest first): filters paciente_id, usuario_id, accion, desde, hasta. */
export async function listar({ page = 1, perPage = 50, ...filtros } = {}) {
  const { data } = await api.get('/auditoria', { params: cleanParams({ ...filtros, page, per_page: perPage }) });
  return pageOf(data, perPage);
}

/** Emergency accesses to clinical history of the last `dias` days (newest first). */
export async function emergencias({ dias = 30, page = 1, perPage = 5 } = {}) {
  const { data } = await api.get('/auditoria/emergencias', { params: { dias, page, per_page: perPage } });
  return pageOf(data, perPage);
}

export default { listar, emergencias };
