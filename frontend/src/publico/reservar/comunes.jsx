// Building blocks of the booking steps: a step with its focusable heading, a choice of a list, alerts and loading.
import { useEffect, useRef } from 'react';

/**
 * One step: a section named by its heading. With `enfocar`, the heading takes the focus when the step appears, so
 * that keyboard and screen-reader users continue from the new step's start (not from a button that disappeared).
 */
export function Paso({ id, titulo, enfocar, children, acciones }) {
  const titular = useRef(null);
  useEffect(() => {
    if (enfocar) titular.current?.focus();
  }, [enfocar]);
  return (
    <section className="rs-paso" aria-labelledby={`${id}-titulo`} data-testid={`paso-${id}`}>
      <h2 id={`${id}-titulo`} ref={titular} tabIndex={-1}>
        {titulo}
      </h2>
      {children}
      {acciones && <div className="rs-acciones">{acciones}</div>}
    </section>
  );
}

/** One choice of a step's list (`<ul className="rs-lista">`): a button with its title and detail lines. */
export function Opcion({ titulo, detalles = [], ...boton }) {
  return (
    <li>
      <button type="button" className="rs-opcion" {...boton}>
        <span className="rs-opcion-titulo">{titulo}</span>
        {detalles.filter(Boolean).map((detalle, i) => (
          <span key={i} className="rs-opcion-detalle">{detalle}</span>
        ))}
      </button>
    </li>
  );
}

export function Aviso({ tipo = 'error', children, testid }) {
  return (
    <div className={`rs-aviso rs-aviso-${tipo}`} role={tipo === 'error' ? 'alert' : 'status'} data-testid={testid}>
      {children}
    </div>
  );
}

export function Cargando({ texto }) {
  return (
    <p className="rs-cargando" role="status">
      <span className="rs-girando" aria-hidden="true" />
      {texto}
    </p>
  );
}

export function Volver({ onClick, children = 'Volver' }) {
  return (
    <button type="button" className="rs-boton rs-boton-texto" onClick={onClick}>
      <span aria-hidden="true">←</span>
      {children}
    </button>
  );
}

/** The error of a load, with a retry button. */
export function ErrorCarga({ error, onReintentar }) {
  return (
    <Aviso>
      <p>{error.message}</p>
      <button type="button" className="rs-boton rs-boton-secundario" onClick={onReintentar}>
        Reintentar
      </button>
    </Aviso>
  );
}
