// Users, branches, specialties and the clinic's settings (Administrador).
import api, { cleanParams, getAll } from './api';
import { clearCache } from './catalogosService';

export function usuarios(filtros = {}) {
  return getAll('/usuarios', cleanParams(filtros));
}

/** {nombre, apellido, email, password, rol, sucursal_id} */
export async function crearUsuario(usuario) {
  const { data } = await api.post('/usuarios', usuario);
  return data;
}

/** nombre, apellido, rol, sucursal_id, activo, password */
export async function actualizarUsuario(id, cambios) {
  const { data } = await api.patch(`/usuarios/${id}`, cambios);
  return data;
}

export function sucursales() {
  return getAll('/sucursales');
}

export async function guardarSucursal(id, datos) {
  const { data } = id ? await api.patch(`/sucursales/${id}`, datos) : await api.post('/sucursales', datos);
  clearCache();
  return data;
}

export function especialidades() {
  return getAll('/especialidades');
}

export async function guardarEspecialidad(id, datos) {
  const { data } = id ? await api.patch(`/especialidades/${id}`, datos) : await api.post('/especialidades', datos);
  clearCache();
  return data;
}

export async function configuracion() {
  const { data } = await api.get('/configuracion');
  return data;
}

export async function guardarConfiguracion(cambios) {
  const { data } = await api.patch('/configuracion', cambios);
  return data;
}

export default {
  usuarios,
  crearUsuario,
  actualizarUsuario,
  sucursales,
  guardarSucursal,
  especialidades,
  guardarEspecialidad,
  configuracion,
  guardarConfiguracion,
};
