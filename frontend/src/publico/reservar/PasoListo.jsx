// Step 6: the booked appointment, with the link to its public page (to confirm or cancel it later).
import { fechaLarga } from '../formato';
import { nombreCompleto } from '../../utils/personas';
import { Paso } from './comunes';
import { horaConZona } from './fechas';

export default function PasoListo({ resultado, enfocar, onOtra }) {
  const { cita, enlace } = resultado;
  const zona = cita.zona_horaria;
  return (
    <Paso id="listo" titulo="¡Su cita está reservada!" enfocar={enfocar}>
      <dl className="rs-detalle" data-testid="cita-reservada">
        <dt>Cuándo</dt>
        <dd>
          {fechaLarga(cita.fecha)}, de {horaConZona(cita.hora_inicio)} a {horaConZona(cita.hora_fin, zona)}
          {zona && <span className="rs-zona"> · {zona}</span>}
        </dd>
        {cita.medico && (
          <>
            <dt>Con</dt>
            <dd>{nombreCompleto(cita.medico)}</dd>
          </>
        )}
        {cita.sucursal && (
          <>
            <dt>Dónde</dt>
            <dd>
              {cita.sucursal.nombre}
              {cita.sucursal.direccion && <><br />{cita.sucursal.direccion}</>}
              {cita.sucursal.telefono && (
                <><br /><a href={`tel:${cita.sucursal.telefono}`}>Llamar al {cita.sucursal.telefono}</a></>
              )}
            </dd>
          </>
        )}
      </dl>
      <p>Guarde este enlace: con él puede ver, confirmar o cancelar su cita.</p>
      <a className="rs-boton rs-boton-principal" href={enlace} data-testid="enlace-cita">
        Ver mi cita
      </a>
      <div className="rs-acciones">
        <button type="button" className="rs-boton rs-boton-texto" onClick={onOtra}>
          Reservar otra cita
        </button>
      </div>
    </Paso>
  );
}
