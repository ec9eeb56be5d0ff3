// The next free times the API offers when the chosen one was taken meanwhile (409 MEDICO_OCUPADO, `siguientes`).
import { formatTime } from '../../utils/dates';
import { nombreMedico } from './datos';
import { diaLargo, horaConZona } from './fechas';
import { Opcion } from './comunes';

export default function Alternativas({ siguientes, zona, onElegir }) {
  if (!siguientes?.length) {
    return <p className="rs-ayuda">No encontramos otros horarios cercanos: elija otro día.</p>;
  }
  return (
    <div className="rs-alternativas" data-testid="alternativas">
      <p>Estos horarios siguen libres:</p>
      <ul className="rs-lista">
        {siguientes.map((s) => (
          <Opcion
            key={`${s.fecha}-${s.medico_id}-${s.hora_inicio}`}
            titulo={`${diaLargo(s.fecha)}, ${horaConZona(s.hora_inicio, zona)}`}
            detalles={[s.medico && `con ${nombreMedico(s.medico)}`]}
            onClick={() => onElegir(s)}
            data-testid="alternativa"
            data-fecha={s.fecha}
            data-hora={formatTime(s.hora_inicio)}
          />
        ))}
      </ul>
    </div>
  );
}
