// The online booking's calls (API.md "Online booking"), through the public pages' fetch helper.
import { consulta, pedirJson } from '../http';

const BASE = '/api/publico';

export const clinica = () => pedirJson(`${BASE}/clinica`);
export const sucursales = () => pedirJson(`${BASE}/sucursales`);
export const especialidades = (sucursalId) => pedirJson(`${BASE}/especialidades${consulta({ sucursal_id: sucursalId })}`);
export const medicos = (sucursalId, especialidadId) =>
  pedirJson(`${BASE}/medicos${consulta({ sucursal_id: sucursalId, especialidad_id: especialidadId })}`);

/** {zona_horaria, items: [{fecha, hora_inicio, hora_fin, medico_id, medico}]} of at most 14 days. */
export const disponibilidad = ({ sucursalId, especialidadId, medicoId, desde, hasta }) =>
  pedirJson(`${BASE}/disponibilidad${consulta({
    sucursal_id: sucursalId, especialidad_id: especialidadId, medico_id: medicoId, desde, hasta,
  })}`);

/** {formulario, minimo_s}: the signed token the request sends back (the form was open long enough). */
export const formulario = () => pedirJson(`${BASE}/reservas/formulario`);

/** → {solicitud_id, expira_en}; the code goes to the e-mail. */
export const solicitar = (datos) => pedirJson(`${BASE}/reservas`, { cuerpo: datos });

/** → {cita, enlace}. */
export const verificar = (solicitudId, codigo) =>
  pedirJson(`${BASE}/reservas/${encodeURIComponent(solicitudId)}/verificar`, {
    cuerpo: { codigo },
    mensaje404: 'La solicitud no existe. Vuelva a empezar la reserva.',
  });
