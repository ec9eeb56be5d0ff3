// Steps 1 and 2: the branch, then a specialty (any of its doctors) or one doctor.
import { Cargando, ErrorCarga, Paso } from './comunes';
import { nombreMedico } from './datos';
import useLoader from '../../utils/useLoader';
import { especialidades, medicos } from './reservasService';
import { nombreZona } from './fechas';

export function PasoSucursal({ sucursales, enfocar, onElegir }) {
  return (
    <Paso id="sucursal" titulo="¿En qué sucursal?" enfocar={enfocar}>
      <ul className="rs-lista">
        {sucursales.map((s) => (
          <li key={s.id}>
            <button type="button" className="rs-opcion" onClick={() => onElegir(s)} data-testid="opcion-sucursal">
              <span className="rs-opcion-titulo">{s.nombre}</span>
              {s.direccion && <span className="rs-opcion-detalle">{s.direccion}</span>}
              <span className="rs-opcion-detalle">Horarios en {nombreZona(s.zona_horaria)}</span>
            </button>
          </li>
        ))}
      </ul>
    </Paso>
  );
}

export function PasoServicio({ sucursal, enfocar, onElegir, volver }) {
  const { data: datos, error, loading: cargando, reload: recargar } = useLoader(
    () => Promise.all([especialidades(sucursal.id), medicos(sucursal.id)]),
    [sucursal.id],
  );
  let contenido;
  if (cargando) contenido = <Cargando texto="Cargando especialidades y médicos…" />;
  else if (error) contenido = <ErrorCarga error={error} onReintentar={recargar} />;
  else {
    const [listaEspecialidades, listaMedicos] = datos;
    contenido = listaMedicos.length === 0 ? (
      <p className="rs-vacio">
        No hay médicos con reserva en línea en esta sucursal.
        {sucursal.telefono && <> Llame al <a href={`tel:${sucursal.telefono}`}>{sucursal.telefono}</a>.</>}
      </p>
    ) : (
      <>
        {listaEspecialidades.length > 0 && (
          <div role="group" aria-labelledby="por-especialidad">
            <h3 id="por-especialidad">Por especialidad</h3>
            <p className="rs-ayuda">Le mostraremos los horarios de todos sus médicos.</p>
            <ul className="rs-lista">
              {listaEspecialidades.map((e) => (
                <li key={e.id}>
                  <button
                    type="button"
                    className="rs-opcion"
                    onClick={() => onElegir({ tipo: 'especialidad', id: e.id, nombre: e.nombre })}
                    data-testid="opcion-especialidad"
                  >
                    <span className="rs-opcion-titulo">{e.nombre}</span>
                  </button>
                </li>
              ))}
            </ul>
          </div>
        )}
        <div role="group" aria-labelledby="por-medico">
          <h3 id="por-medico">Por médico</h3>
          <ul className="rs-lista">
            {listaMedicos.map((m) => (
              <li key={m.id}>
                <button
                  type="button"
                  className="rs-opcion"
                  onClick={() => onElegir({ tipo: 'medico', id: m.id, nombre: nombreMedico(m) })}
                  data-testid="opcion-medico"
                >
                  <span className="rs-opcion-titulo">{nombreMedico(m)}</span>
                  {m.especialidad && <span className="rs-opcion-detalle">{m.especialidad.nombre}</span>}
                </button>
              </li>
            ))}
          </ul>
        </div>
      </>
    );
  }
  return (
    <Paso id="servicio" titulo="¿Con qué especialidad o médico?" enfocar={enfocar} acciones={volver}>
      {contenido}
    </Paso>
  );
}
