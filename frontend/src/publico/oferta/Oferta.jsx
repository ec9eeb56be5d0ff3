// The page of an offer's link (/o/<token>): a patient of the waiting list sees the freed slot and takes it with one
// tap. The first patient to accept gets it; the others read that it is no longer available. Plain HTML and the
// booking pages' CSS (no MUI): it opens on a phone from a message.
import { useState } from 'react';
import useLoader from '../../utils/useLoader';
import { nombreCompleto } from '../../utils/personas';
import { fechaLarga } from '../formato';
import { Aviso, Cargando, ErrorCarga, Paso } from '../reservar/comunes';
import { horaConZona } from '../reservar/fechas';
import { clinica as pedirClinica } from '../reservar/reservasService';
import { MENSAJE_NO_DISPONIBLE, aceptarOferta, obtenerOferta } from './ofertaService';
import '../reservar/reservar.css';

function Detalle({ hueco, testid }) {
  const zona = hueco.zona_horaria;
  return (
    <dl className="rs-detalle" data-testid={testid}>
      <dt>Cuándo</dt>
      <dd>
        {fechaLarga(hueco.fecha)}, de {horaConZona(hueco.hora_inicio)} a {horaConZona(hueco.hora_fin, zona)}
      </dd>
      {hueco.medico && (
        <>
          <dt>Con</dt>
          <dd>{nombreCompleto(hueco.medico)}</dd>
        </>
      )}
      {hueco.sucursal && (
        <>
          <dt>Dónde</dt>
          <dd>
            {hueco.sucursal.nombre}
            {hueco.sucursal.direccion && (
              <>
                <br />
                {hueco.sucursal.direccion}
              </>
            )}
            {hueco.sucursal.telefono && (
              <>
                <br />
                <a href={`tel:${hueco.sucursal.telefono}`}>Llamar al {hueco.sucursal.telefono}</a>
              </>
            )}
          </dd>
        </>
      )}
    </dl>
  );
}

export default function Oferta({ token }) {
  const clinica = useLoader(() => pedirClinica().catch(() => null), []);
  const oferta = useLoader(() => obtenerOferta(token), [token]);
  // null | 'enviando' | {cita, enlace} | ErrorPublico
  const [aceptacion, setAceptacion] = useState(null);

  const aceptar = async () => {
    setAceptacion('enviando');
    try {
      setAceptacion(await aceptarOferta(token));
    } catch (err) {
      setAceptacion(err);
    }
  };

  const fallo = aceptacion instanceof Error ? aceptacion : null;
  const reservada = aceptacion && typeof aceptacion === 'object' && !fallo ? aceptacion : null;
  // Taken by someone else (409), or gone (404): no button any more.
  const perdida = fallo && (fallo.status === 409 || fallo.status === 404);

  let contenido;
  if (oferta.loading) contenido = <Cargando texto="Cargando el horario…" />;
  else if (oferta.error?.status === 404) {
    contenido = (
      <Aviso testid="oferta-no-encontrada">
        <p>{oferta.error.message}</p>
        <p>Si todavía necesita una cita, llame a la clínica.</p>
      </Aviso>
    );
  } else if (oferta.error) contenido = <ErrorCarga error={oferta.error} onReintentar={oferta.reload} />;
  else if (reservada) {
    const cita = reservada.cita || oferta.data;
    contenido = (
      <Paso id="aceptada" titulo="¡Su cita está reservada!" enfocar>
        <Detalle hueco={{ ...oferta.data, ...cita }} testid="oferta-reservada" />
        <p>Le esperamos. Si no puede asistir, avise a la clínica para que otro paciente aproveche el horario.</p>
        {reservada.enlace && (
          <a className="rs-boton rs-boton-principal" href={reservada.enlace} data-testid="enlace-cita">
            Ver mi cita
          </a>
        )}
      </Paso>
    );
  } else {
    const disponible = oferta.data.disponible !== false && !perdida;
    contenido = (
      <Paso id="oferta" titulo={disponible ? 'Se liberó un horario para usted' : 'Horario no disponible'} enfocar={Boolean(perdida)}>
        <Detalle hueco={oferta.data} testid="oferta-horario" />
        {!disponible && (
          <Aviso tipo="info" testid="oferta-no-disponible">
            <p>{fallo?.status === 404 ? fallo.message : MENSAJE_NO_DISPONIBLE}</p>
            <p>Si todavía necesita una cita antes, llame a la clínica.</p>
          </Aviso>
        )}
        {fallo && !perdida && <Aviso testid="oferta-error"><p>{fallo.message}</p></Aviso>}
        {disponible && (
          <>
            <p>Estaba en la lista de espera. Si le sirve este horario, acéptelo: será para el primer paciente que lo acepte.</p>
            <button
              type="button"
              className="rs-boton rs-boton-principal"
              onClick={aceptar}
              disabled={aceptacion === 'enviando'}
              data-testid="oferta-aceptar"
            >
              {aceptacion === 'enviando' ? 'Reservando…' : 'Aceptar'}
            </button>
          </>
        )}
      </Paso>
    );
  }

  return (
    <div className="rs-pagina">
      <header className="rs-cabecera">
        {clinica.data?.logo_url && <img src={clinica.data.logo_url} alt="" className="rs-logo" />}
        <span className="rs-clinica">{clinica.data?.nombre || ''}</span>
      </header>
      <main className="rs-principal">
        <h1>Lista de espera</h1>
        {contenido}
      </main>
    </div>
  );
}
