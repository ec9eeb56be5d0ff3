// Step 4: the patient's details. The form fetches its signed token when it opens (the API refuses a form sent
// faster than a person can fill it in) and carries a honeypot field that people never see nor hear.
import { useCallback, useEffect, useRef, useState } from 'react';
import { LIMITES_PACIENTE, TIPOS_DOCUMENTO } from '../../utils/validation';
import { MAX_MOTIVO, validarDatos } from './datos';
import Alternativas from './Alternativas';
import { Aviso, Paso } from './comunes';
import { formulario as pedirFormulario, solicitar } from './reservasService';
import { hoyEn } from './fechas';

const ORDEN = ['nombre', 'apellido', 'fecha_nacimiento', 'email', 'telefono', 'tipo_documento', 'numero_documento', 'motivo'];
const esperar = (ms) => new Promise((listo) => setTimeout(listo, ms));

function Campo({ id, etiqueta, error, ayuda, children }) {
  const describe = [ayuda && `${id}-ayuda`, error && `${id}-error`].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`rs-campo${error ? ' rs-campo-error' : ''}`}>
      <label htmlFor={id}>{etiqueta}</label>
      {children({ id, 'aria-describedby': describe, 'aria-invalid': error ? true : undefined })}
      {ayuda && <p id={`${id}-ayuda`} className="rs-ayuda">{ayuda}</p>}
      {error && <p id={`${id}-error`} className="rs-error">{error}</p>}
    </div>
  );
}

export default function PasoDatos({ sucursal, horario, valores, onCambio, enfocar, onEnviada, onCambiarHorario, volver }) {
  const [errores, setErrores] = useState({});
  const [fallo, setFallo] = useState(null);
  const [enviando, setEnviando] = useState(false);
  const token = useRef({}); // {valor, minimoMs, desde}: the signed form token and since when it is held
  const pidiendo = useRef(null); // the token's request in flight
  const montado = useRef(true);
  const form = useRef(null);
  const hoy = hoyEn(sucursal.zona_horaria);

  const cargarFormulario = useCallback(() => {
    pidiendo.current = pedirFormulario().then(
      (f) => {
        if (montado.current) token.current = { valor: f.formulario, minimoMs: (f.minimo_s || 0) * 1000, desde: Date.now() };
      },
      () => {}, // without it the request still goes: the server decides
    );
  }, []);

  useEffect(() => {
    montado.current = true;
    cargarFormulario();
    return () => {
      montado.current = false;
    };
  }, [cargarFormulario]);

  const set = (campo) => (e) => onCambio({ ...valores, [campo]: e.target.value });

  async function enviar(e) {
    e.preventDefault();
    if (enviando) return;
    const encontrados = validarDatos(valores, hoy);
    setErrores(encontrados);
    setFallo(null);
    const primero = ORDEN.find((c) => encontrados[c]);
    if (primero) {
      form.current?.querySelector(`#rs-${primero}`)?.focus();
      return;
    }
    setEnviando(true);
    await pidiendo.current;
    const { valor, minimoMs = 0, desde = Date.now() } = token.current;
    const falta = minimoMs - (Date.now() - desde);
    if (falta > 0) await esperar(falta + 250); // a quick autofill waits for the form's minimum time
    const cuerpo = {
      sucursal_id: sucursal.id,
      medico_id: horario.medico_id,
      fecha: horario.fecha,
      hora_inicio: horario.hora_inicio,
      nombre: valores.nombre.trim(),
      apellido: valores.apellido.trim(),
      fecha_nacimiento: valores.fecha_nacimiento,
      email: valores.email.trim(),
      telefono: valores.telefono.trim(),
      sitio_web: valores.sitio_web,
    };
    if (valores.tipo_documento && valores.numero_documento.trim()) {
      cuerpo.tipo_documento = valores.tipo_documento;
      cuerpo.numero_documento = valores.numero_documento.trim();
    }
    if (valores.motivo.trim()) cuerpo.motivo = valores.motivo.trim();
    if (valor) cuerpo.formulario = valor;
    try {
      const solicitud = await solicitar(cuerpo);
      onEnviada(solicitud);
    } catch (err) {
      setErrores(err.campos || {});
      setFallo(err);
      if (err.campos?.formulario) cargarFormulario(); // an expired form token: the next try takes a fresh one
    } finally {
      setEnviando(false);
    }
  }

  const campoTexto = (campo, etiqueta, props = {}) => (
    <Campo id={`rs-${campo}`} etiqueta={etiqueta} error={errores[campo]} ayuda={props.ayuda}>
      {(a11y) => (
        <input
          {...a11y}
          name={campo}
          type="text"
          value={valores[campo]}
          onChange={set(campo)}
          maxLength={LIMITES_PACIENTE[campo]}
          {...Object.fromEntries(Object.entries(props).filter(([k]) => k !== 'ayuda'))}
        />
      )}
    </Campo>
  );

  return (
    <Paso id="datos" titulo="Sus datos" enfocar={enfocar} acciones={volver}>
      {fallo && (
        <Aviso testid="datos-error">
          <p>{fallo.message}</p>
          {fallo.reason === 'MEDICO_OCUPADO' && (
            <Alternativas siguientes={fallo.datos?.siguientes} zona={sucursal.zona_horaria} onElegir={(s) => {
              setFallo(null);
              onCambiarHorario(s);
            }} />
          )}
          {(fallo.reason === 'RESERVA_NO_DISPONIBLE' || fallo.reason === 'MEDICO_OCUPADO') && (
            <button type="button" className="rs-boton rs-boton-secundario" onClick={() => onCambiarHorario(null)}>
              Elegir otro día u hora
            </button>
          )}
        </Aviso>
      )}
      <form ref={form} noValidate onSubmit={enviar} className="rs-form" data-testid="form-datos">
        <p className="rs-ayuda">Todos los campos son obligatorios salvo los marcados como opcionales.</p>
        {campoTexto('nombre', 'Nombre', { autoComplete: 'given-name', required: true })}
        {campoTexto('apellido', 'Apellido', { autoComplete: 'family-name', required: true })}
        <Campo id="rs-fecha_nacimiento" etiqueta="Fecha de nacimiento" error={errores.fecha_nacimiento}>
          {(a11y) => (
            <input {...a11y} name="fecha_nacimiento" type="date" value={valores.fecha_nacimiento} onChange={set('fecha_nacimiento')}
              min="1900-01-01" max={hoy} autoComplete="bday" required />
          )}
        </Campo>
        {campoTexto('email', 'Correo electrónico', {
          type: 'email', inputMode: 'email', autoComplete: 'email', required: true, ayuda: 'Le enviaremos un código de 6 dígitos.',
        })}
        {campoTexto('telefono', 'Teléfono', { type: 'tel', inputMode: 'tel', autoComplete: 'tel', required: true })}
        <Campo id="rs-tipo_documento" etiqueta="Tipo de documento (opcional)" error={errores.tipo_documento}>
          {(a11y) => (
            <select {...a11y} name="tipo_documento" value={valores.tipo_documento} onChange={set('tipo_documento')}>
              <option value="">Sin documento</option>
              {TIPOS_DOCUMENTO.map((t) => <option key={t} value={t}>{t}</option>)}
            </select>
          )}
        </Campo>
        {campoTexto('numero_documento', 'Número de documento (opcional)', { autoComplete: 'off' })}
        <Campo id="rs-motivo" etiqueta="Motivo de la consulta (opcional)" error={errores.motivo}>
          {(a11y) => (
            <textarea {...a11y} name="motivo" rows={3} value={valores.motivo} onChange={set('motivo')} maxLength={MAX_MOTIVO} />
          )}
        </Campo>
        {/* Honeypot: off screen, out of the tab order and of the accessibility tree; a person leaves it empty. */}
        <div className="rs-trampa" aria-hidden="true">
          <label htmlFor="rs-sitio_web">Sitio web</label>
          <input id="rs-sitio_web" name="sitio_web" type="text" tabIndex={-1} autoComplete="off" value={valores.sitio_web}
            onChange={set('sitio_web')} data-testid="trampa" />
        </div>
        <button type="submit" className="rs-boton rs-boton-principal" disabled={enviando} aria-busy={enviando}>
          {enviando ? 'Enviando…' : 'Recibir el código por correo'}
        </button>
      </form>
    </Paso>
  );
}
