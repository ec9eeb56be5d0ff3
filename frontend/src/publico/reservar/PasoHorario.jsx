// Step 3: the day (14 at a time, earlier and later windows) and the free time on it, in the branch's time zone.
import { useEffect, useMemo, useRef, useState } from 'react';
import { formatTime } from '../../utils/dates';
import { Cargando, ErrorCarga, Paso } from './comunes';
import { nombreMedico } from './datos';
import useLoader from '../../utils/useLoader';
import { disponibilidad } from './reservasService';
import {
  DIAS_POR_VENTANA, HORIZONTE_MAXIMO_DIAS, diaLargo, diasDeVentana, horaConZona, hoyEn, nombreZona, partesDia,
  rangoVentana, sumarDias,
} from './fechas';

/** The start of the window that shows `fecha` (windows start today and follow each other). */
function ventanaDe(hoy, fecha) {
  if (!fecha || fecha <= hoy) return hoy;
  let desde = hoy;
  while (sumarDias(desde, DIAS_POR_VENTANA) <= fecha) desde = sumarDias(desde, DIAS_POR_VENTANA);
  return desde;
}

/** One free time: a button named with the time, its zone and (by specialty) the doctor. */
function BotonHorario({ slot, zona, conMedico, onElegir }) {
  const medico = nombreMedico(slot.medico);
  return (
    <button
      type="button"
      className="rs-horario"
      onClick={() => onElegir(slot)}
      aria-label={`${horaConZona(slot.hora_inicio, zona)}${medico ? `, con ${medico}` : ''}`}
      data-testid="horario"
      data-hora={formatTime(slot.hora_inicio)}
      data-medico-id={slot.medico_id}
    >
      <span className="rs-horario-hora">{formatTime(slot.hora_inicio)}</span>
      {conMedico && medico && <span className="rs-horario-medico">{medico}</span>}
    </button>
  );
}

export default function PasoHorario({ sucursal, eleccion, horario, enfocar, onElegir, volver }) {
  const hoy = hoyEn(sucursal.zona_horaria);
  const [desde, setDesde] = useState(() => ventanaDe(hoy, horario?.fecha));
  const [dia, setDia] = useState(horario?.fecha || null);
  const hasta = sumarDias(desde, DIAS_POR_VENTANA - 1);
  const tituloHorarios = useRef(null);
  const elegirDia = useRef(false);

  const { data: datos, error, loading: cargando, reload: recargar } = useLoader(
    () => disponibilidad({
      sucursalId: sucursal.id,
      especialidadId: eleccion.tipo === 'especialidad' ? eleccion.id : undefined,
      medicoId: eleccion.tipo === 'medico' ? eleccion.id : undefined,
      desde,
      hasta,
    }),
    [sucursal.id, eleccion.tipo, eleccion.id, desde],
  );
  const zona = datos?.zona_horaria || sucursal.zona_horaria;
  const porDia = useMemo(() => {
    const grupos = {};
    for (const s of datos?.items || []) (grupos[s.fecha] ||= []).push(s);
    for (const lista of Object.values(grupos)) lista.sort((a, b) => a.hora_inicio.localeCompare(b.hora_inicio));
    return grupos;
  }, [datos]);

  // A new window selects its first day with free time (or keeps the day chosen before, when it is in it).
  useEffect(() => {
    if (!datos) return;
    setDia((actual) => (actual && porDia[actual] ? actual : diasDeVentana(desde).find((d) => porDia[d]) || null));
  }, [datos, porDia, desde]);

  useEffect(() => {
    if (elegirDia.current && dia) tituloHorarios.current?.focus();
    elegirDia.current = false;
  }, [dia]);

  const mover = (dias) => {
    setDia(null);
    setDesde((d) => sumarDias(d, dias));
  };
  const ultimoInicio = sumarDias(hoy, HORIZONTE_MAXIMO_DIAS - DIAS_POR_VENTANA);
  const conMedico = eleccion.tipo === 'especialidad';
  const horarios = (dia && porDia[dia]) || [];

  return (
    <Paso id="horario" titulo="¿Qué día y a qué hora?" enfocar={enfocar} acciones={volver}>
      <p className="rs-ayuda" data-testid="zona-horaria">
        Horarios en {nombreZona(zona)} ({zona}).
      </p>
      <div className="rs-ventana">
        <button type="button" className="rs-boton rs-boton-secundario" onClick={() => mover(-DIAS_POR_VENTANA)} disabled={desde <= hoy}>
          <span aria-hidden="true">‹</span>Anteriores
        </button>
        <p className="rs-ventana-rango" aria-live="polite">
          {rangoVentana(desde, hasta)}
        </p>
        <button type="button" className="rs-boton rs-boton-secundario" onClick={() => mover(DIAS_POR_VENTANA)} disabled={desde >= ultimoInicio}>
          Siguientes<span aria-hidden="true">›</span>
        </button>
      </div>
      {cargando && <Cargando texto="Buscando horarios libres…" />}
      {error && <ErrorCarga error={error} onReintentar={recargar} />}
      {datos && !cargando && (
        <>
          <div className="rs-dias" role="group" aria-label="Días">
            {diasDeVentana(desde).map((fecha) => {
              const cuantos = porDia[fecha]?.length || 0;
              const partes = partesDia(fecha);
              return (
                <button
                  key={fecha}
                  type="button"
                  className="rs-dia"
                  disabled={cuantos === 0}
                  aria-pressed={fecha === dia}
                  aria-label={`${diaLargo(fecha)}: ${cuantos === 0 ? 'sin horarios libres' : `${cuantos} ${cuantos === 1 ? 'horario libre' : 'horarios libres'}`}`}
                  onClick={() => {
                    elegirDia.current = true;
                    setDia(fecha);
                    if (fecha === dia) tituloHorarios.current?.focus();
                  }}
                  data-testid="dia"
                  data-fecha={fecha}
                >
                  <span className="rs-dia-semana">{partes.semana}</span>
                  <span className="rs-dia-numero">{partes.dia}</span>
                  <span className="rs-dia-mes">{partes.mes}</span>
                </button>
              );
            })}
          </div>
          {Object.keys(porDia).length === 0 ? (
            <p className="rs-vacio" data-testid="sin-horarios">
              No hay horarios libres del {rangoVentana(desde, hasta)}. Pruebe con los días siguientes
              {eleccion.tipo === 'medico' ? ' o con otro médico' : ''}.
            </p>
          ) : (
            dia && (
              <div className="rs-horarios-bloque">
                <h3 ref={tituloHorarios} tabIndex={-1} id="horarios-titulo">
                  {diaLargo(dia)} <span className="rs-zona">({nombreZona(zona)})</span>
                </h3>
                {datos.completo === false && (
                  <p className="rs-ayuda">Se muestran los primeros horarios libres; elija un médico para ver todos los suyos.</p>
                )}
                <ul className="rs-horarios" aria-labelledby="horarios-titulo">
                  {horarios.map((s) => (
                    <li key={`${s.medico_id}-${s.hora_inicio}`}>
                      <BotonHorario slot={s} zona={zona} conMedico={conMedico} onElegir={(x) => onElegir(x, zona)} />
                    </li>
                  ))}
                </ul>
              </div>
            )
          )}
        </>
      )}
    </Paso>
  );
}
