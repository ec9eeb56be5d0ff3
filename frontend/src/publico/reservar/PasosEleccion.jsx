// Steps 1 and 2: the branch, then a specialty (any of its doctors) or one doctor.
import { Cargando, ErrorCarga, Opcion, Paso } from './comunes';
import { nombreMedico } from './datos';
import useLoader from '../../utils/useLoader';
import { especialidades, medicos } from './reservasService';
import { nombreZona } from './fechas';

export function PasoSucursal({ sucursales, enfocar, onElegir }) {
  return (
    <Paso id="sucursal" titulo="¿En qué sucursal?" enfocar={enfocar}>
      <ul className="rs-lista">
        {sucursales.map((s) => (
          <Opcion key={s.id} titulo={s.nombre} detalles={[s.direccion, `Horarios en ${nombreZona(s.zona_horaria)}`]}
            onClick={() => onElegir(s)} data-testid="opcion-sucursal" />
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
                <Opcion key={e.id} titulo={e.nombre} onClick={() => onElegir({ tipo: 'especialidad', id: e.id, nombre: e.nombre })}
                  data-testid="opcion-especialidad" />
              ))}
            </ul>
          </div>
        )}
        <div role="group" aria-labelledby="por-medico">
          <h3 id="por-medico">Por médico</h3>
          <ul className="rs-lista">
            {listaMedicos.map((m) => (
              <Opcion key={m.id} titulo={nombreMedico(m)} detalles={[m.especialidad?.nombre]}
                onClick={() => onElegir({ tipo: 'medico', id: m.id, nombre: nombreMedico(m) })} data-testid="opcion-medico" />
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
