// Step 5: the 6-digit code sent to the e-mail. Each refusal shows the API's Spanish message; a wrong code also
// the tries left; a locked, expired or used request offers to ask for a new code.
import { useRef, useState } from 'react';
import Alternativas from './Alternativas';
import { Aviso, Paso } from './comunes';
import { verificar } from './reservasService';
import { horaDeInstante, nombreZona } from './fechas';

// After a 404 or any 409 (locked, expired, used, the slot or the patient busy meanwhile) this request cannot book
// anymore: a new code (a new request) is needed.
const esFinal = (fallo) => fallo.status === 404 || fallo.status === 409;

export default function PasoCodigo({ solicitud, email, zona, enfocar, onVerificada, onNuevoCodigo, onCambiarHorario }) {
  const [codigo, setCodigo] = useState('');
  const [fallo, setFallo] = useState(null);
  const [aviso, setAviso] = useState(null);
  const [enviando, setEnviando] = useState(false);
  const entrada = useRef(null);
  const cerrada = Boolean(fallo && esFinal(fallo));
  const vence = horaDeInstante(solicitud.expira_en, zona);

  async function enviar(e) {
    e.preventDefault();
    if (enviando || cerrada) return;
    setAviso(null);
    if (!/^\d{6}$/.test(codigo)) {
      setAviso('Escriba los 6 dígitos del código.');
      entrada.current?.focus();
      return;
    }
    setEnviando(true);
    setFallo(null);
    try {
      onVerificada(await verificar(solicitud.solicitud_id, codigo));
    } catch (err) {
      setFallo(err);
      setEnviando(false);
      if (err.reason === 'CODIGO_INVALIDO') {
        setCodigo('');
        entrada.current?.focus();
      }
    }
  }

  const intentos = fallo?.reason === 'CODIGO_INVALIDO' ? fallo.datos?.intentos_restantes : undefined;
  return (
    <Paso id="codigo" titulo="Escriba el código" enfocar={enfocar}>
      <p>
        Enviamos un código de 6 dígitos a <strong>{email}</strong>.
        {vence && <> Vence a las {vence} ({nombreZona(zona)}).</>}
      </p>
      <p className="rs-ayuda">Si no lo ve en unos minutos, revise la carpeta de correo no deseado.</p>
      {fallo && (
        <Aviso testid="codigo-error">
          <p>{fallo.message}</p>
          {typeof intentos === 'number' && (
            <p data-testid="intentos-restantes">
              Intentos restantes: {intentos}
            </p>
          )}
          {fallo.reason === 'MEDICO_OCUPADO' && (
            <Alternativas siguientes={fallo.datos?.siguientes} zona={zona} onElegir={onCambiarHorario} />
          )}
          {cerrada && fallo.reason !== 'MEDICO_OCUPADO' && (
            <button type="button" className="rs-boton rs-boton-secundario" onClick={onNuevoCodigo}>
              Pedir un código nuevo
            </button>
          )}
          {fallo.reason === 'MEDICO_OCUPADO' && (
            <button type="button" className="rs-boton rs-boton-secundario" onClick={() => onCambiarHorario(null)}>
              Elegir otro día u hora
            </button>
          )}
        </Aviso>
      )}
      <form noValidate onSubmit={enviar} className="rs-form" data-testid="form-codigo">
        <div className={`rs-campo${aviso ? ' rs-campo-error' : ''}`}>
          <label htmlFor="rs-codigo">Código de 6 dígitos</label>
          <input
            id="rs-codigo"
            ref={entrada}
            name="codigo"
            className="rs-codigo"
            type="text"
            inputMode="numeric"
            autoComplete="one-time-code"
            pattern="[0-9]*"
            maxLength={6}
            value={codigo}
            onChange={(e) => setCodigo(e.target.value.replace(/\D/g, '').slice(0, 6))}
            disabled={cerrada}
            aria-invalid={aviso ? true : undefined}
            aria-describedby={aviso ? 'rs-codigo-error' : undefined}
          />
          {aviso && <p id="rs-codigo-error" className="rs-error">{aviso}</p>}
        </div>
        <button type="submit" className="rs-boton rs-boton-principal" disabled={enviando || cerrada} aria-busy={enviando}>
          {enviando ? 'Comprobando…' : 'Confirmar la reserva'}
        </button>
      </form>
      <div className="rs-acciones">
        <button type="button" className="rs-boton rs-boton-texto" onClick={onNuevoCodigo}>
          Corregir mis datos o pedir otro código
        </button>
      </div>
    </Paso>
  );
}
