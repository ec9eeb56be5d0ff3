// The online booking pages (/reservar): branch → specialty or doctor → day and time → details → code → done.
// Plain HTML and a small CSS file (no MUI: a patient's phone downloads little). Each step is an entry of the
// browser's history, so a phone's back button goes back one step.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Aviso, Cargando, ErrorCarga, Volver } from './comunes';
import { nombreMedico, VALORES_INICIALES } from './datos';
import useLoader from '../../utils/useLoader';
import { PasoServicio, PasoSucursal } from './PasosEleccion';
import PasoHorario from './PasoHorario';
import PasoDatos from './PasoDatos';
import PasoCodigo from './PasoCodigo';
import PasoListo from './PasoListo';
import { clinica as pedirClinica, sucursales as pedirSucursales } from './reservasService';
import { diaLargo, horaConZona } from './fechas';
import './reservar.css';

const PASOS = ['sucursal', 'servicio', 'horario', 'datos', 'codigo', 'listo'];
const NOMBRES_PASO = {
  sucursal: 'Sucursal', servicio: 'Especialidad o médico', horario: 'Día y hora', datos: 'Sus datos', codigo: 'Código',
  listo: 'Listo',
};

function Cabecera({ clinica }) {
  return (
    <header className="rs-cabecera">
      {clinica?.logo_url && <img src={clinica.logo_url} alt="" className="rs-logo" />}
      <span className="rs-clinica" data-testid="clinica-nombre">{clinica?.nombre || ''}</span>
    </header>
  );
}

/** What the patient chose so far, on one line each. */
function Resumen({ sucursal, eleccion, horario, zona }) {
  if (!sucursal) return null;
  return (
    <dl className="rs-resumen" aria-label="Su elección" data-testid="resumen">
      <div><dt>Sucursal</dt><dd>{sucursal.nombre}</dd></div>
      {eleccion && (
        <div><dt>{eleccion.tipo === 'medico' ? 'Médico' : 'Especialidad'}</dt><dd>{eleccion.nombre}</dd></div>
      )}
      {horario && (
        <div>
          <dt>Cita</dt>
          <dd data-testid="resumen-horario">
            {diaLargo(horario.fecha)}, {horaConZona(horario.hora_inicio, zona)}
            {eleccion?.tipo !== 'medico' && horario.medico && `, con ${nombreMedico(horario.medico)}`}
          </dd>
        </div>
      )}
    </dl>
  );
}

export default function Reservar() {
  const clinica = useLoader(() => pedirClinica().catch(() => null), []);
  const lista = useLoader(pedirSucursales, []);
  const [paso, setPaso] = useState('sucursal');
  const [sucursal, setSucursal] = useState(null);
  const [eleccion, setEleccion] = useState(null);
  const [horario, setHorario] = useState(null);
  const [zona, setZona] = useState(null);
  const [valores, setValores] = useState(VALORES_INICIALES);
  const [solicitud, setSolicitud] = useState(null);
  const [resultado, setResultado] = useState(null);
  const [aviso, setAviso] = useState(null);
  // The first step shown keeps the page's natural focus; each later one moves it to its heading.
  const [movido, setMovido] = useState(false);
  const pasoActual = useRef(paso);
  pasoActual.current = paso;

  const ir = useCallback((nuevo, { historial = true } = {}) => {
    setMovido(true);
    setPaso(nuevo);
    if (historial) window.history.pushState({ pasoReserva: nuevo }, '');
  }, []);

  useEffect(() => {
    window.history.replaceState({ pasoReserva: 'sucursal' }, '');
  }, []);

  useEffect(() => {
    if (clinica.data?.nombre) document.title = `Reservar cita · ${clinica.data.nombre}`;
    else document.title = 'Reservar cita';
  }, [clinica.data]);

  // One branch: it is chosen already.
  const sucursales = useMemo(() => lista.data || [], [lista.data]);
  const unica = sucursales.length === 1;
  useEffect(() => {
    if (unica && !sucursal) {
      setSucursal(sucursales[0]);
      setPaso('servicio');
      window.history.replaceState({ pasoReserva: 'servicio' }, '');
    }
  }, [unica, sucursal, sucursales]);

  // The back button goes to an earlier step (the data typed stay); a finished or used request starts over.
  useEffect(() => {
    const atras = (e) => {
      const destino = e.state?.pasoReserva;
      const actual = pasoActual.current;
      if (!destino || PASOS.indexOf(destino) >= PASOS.indexOf(actual)) return;
      if (actual === 'listo') {
        setResultado(null);
        setSolicitud(null);
        setHorario(null);
        ir(unica ? 'servicio' : 'sucursal', { historial: false });
        return;
      }
      ir(destino === 'codigo' ? 'datos' : destino, { historial: false });
    };
    window.addEventListener('popstate', atras);
    return () => window.removeEventListener('popstate', atras);
  }, [ir, unica]);

  const cambiarHorario = (s) => {
    // From a refusal: a slot offered instead (to the form, data kept), or none (choose again).
    setSolicitud(null);
    if (s) {
      setHorario(s);
      setAviso(`Nuevo horario elegido: ${diaLargo(s.fecha)}, ${horaConZona(s.hora_inicio, zona)}. Revise sus datos y pida el código.`);
      ir('datos');
    } else {
      setAviso(null);
      ir('horario');
    }
  };

  const volverA = (destino) => <Volver onClick={() => { setAviso(null); ir(destino); }} />;

  let contenido;
  if (lista.loading) contenido = <Cargando texto="Cargando…" />;
  else if (lista.error) contenido = <ErrorCarga error={lista.error} onReintentar={lista.reload} />;
  else if (sucursales.length === 0) {
    contenido = (
      <p className="rs-vacio" data-testid="reserva-no-disponible">
        La reserva en línea no está disponible en este momento.
        {clinica.data?.telefono && <> Llame a la clínica al <a href={`tel:${clinica.data.telefono}`}>{clinica.data.telefono}</a>.</>}
      </p>
    );
  } else if (paso === 'sucursal' || !sucursal) {
    contenido = (
      <PasoSucursal sucursales={sucursales} enfocar={movido} onElegir={(s) => {
        if (s.id !== sucursal?.id) {
          setEleccion(null);
          setHorario(null);
        }
        setSucursal(s);
        ir('servicio');
      }} />
    );
  } else if (paso === 'servicio' || !eleccion) {
    contenido = (
      <PasoServicio sucursal={sucursal} enfocar={movido} volver={unica ? null : volverA('sucursal')} onElegir={(e) => {
        if (e.tipo !== eleccion?.tipo || e.id !== eleccion?.id) setHorario(null);
        setEleccion(e);
        ir('horario');
      }} />
    );
  } else if (paso === 'horario' || !horario) {
    contenido = (
      <PasoHorario sucursal={sucursal} eleccion={eleccion} horario={horario} enfocar={movido} volver={volverA('servicio')}
        onElegir={(s, z) => {
          setHorario(s);
          setZona(z);
          setAviso(null);
          ir('datos');
        }} />
    );
  } else if (paso === 'datos' || !solicitud) {
    contenido = (
      <PasoDatos sucursal={{ ...sucursal, zona_horaria: zona || sucursal.zona_horaria }} horario={horario} valores={valores}
        onCambio={setValores} enfocar={movido} volver={volverA('horario')} onCambiarHorario={cambiarHorario}
        onEnviada={(s) => {
          setSolicitud(s);
          setAviso(null);
          ir('codigo');
        }} />
    );
  } else if (paso === 'codigo' || !resultado) {
    contenido = (
      <PasoCodigo solicitud={solicitud} email={valores.email.trim()} zona={zona || sucursal.zona_horaria} enfocar={movido}
        onCambiarHorario={cambiarHorario}
        onNuevoCodigo={() => {
          setSolicitud(null);
          ir('datos');
        }}
        onVerificada={(r) => {
          setResultado(r);
          ir('listo');
        }} />
    );
  } else {
    contenido = (
      <PasoListo resultado={resultado} enfocar={movido} onOtra={() => {
        setResultado(null);
        setSolicitud(null);
        setHorario(null);
        setEleccion(null);
        // Another booking may be for someone else: only the contact details stay.
        setValores((v) => ({ ...VALORES_INICIALES, email: v.email, telefono: v.telefono }));
        ir(unica ? 'servicio' : 'sucursal');
      }} />
    );
  }

  const numero = PASOS.indexOf(paso) + 1;
  return (
    <div className="rs-pagina">
      <Cabecera clinica={clinica.data} />
      <main className="rs-principal">
        <h1>Reservar una cita</h1>
        {sucursales.length > 0 && (
          <p className="rs-progreso" data-testid="progreso">
            Paso {numero} de {PASOS.length}: {NOMBRES_PASO[paso]}
          </p>
        )}
        {paso !== 'listo' && <Resumen sucursal={sucursal} eleccion={eleccion} horario={paso === 'horario' ? null : horario} zona={zona} />}
        {aviso && <Aviso tipo="info" testid="aviso">{aviso}</Aviso>}
        {contenido}
      </main>
    </div>
  );
}
