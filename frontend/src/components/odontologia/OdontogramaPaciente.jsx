// The patient's odontogram: the chart now or as of a past day (a slider over the days it changed), the legend, the
// selected tooth in words, "Registrar hallazgo" for the Médico, printing, and the records it is computed from.
// It follows the clinical history's access rule: a Médico without a treatment relationship gets a 404 and may
// declare an emergency access (EmergenciaDialog, as in the consultation), sent with every request after it.
import { useState } from 'react';
import {
  Alert,
  Box,
  Button,
  GlobalStyles,
  Slider,
  ToggleButton,
  ToggleButtonGroup,
  Typography,
} from '@mui/material';
import PrintIcon from '@mui/icons-material/Print';
import AddIcon from '@mui/icons-material/Add';
import Loading from '../common/Loading';
import ErrorAlert from '../common/ErrorAlert';
import EmergenciaDialog from '../consulta/EmergenciaDialog';
import Odontograma from './Odontograma';
import LeyendaCondiciones from './LeyendaCondiciones';
import RegistrarHallazgoDialog from './RegistrarHallazgoDialog';
import RegistrosOdontograma from './RegistrosOdontograma';
import { useAuth } from '../auth/authContext';
import useLoader from '../../utils/useLoader';
import odontologiaService from '../../services/odontologiaService';
import { formatDate, formatDateTime, today } from '../../utils/dates';
import { nombreCompleto } from '../../utils/personas';
import { DENTICIONES, ETIQUETAS_DENTICION, nombrePieza, resumenPieza } from './fdi';

const POR_PAGINA = 10;

/** Days as whole numbers, so the slider spaces them by time ('YYYY-MM-DD' → days since 1970-01-01). */
const numeroDeDia = (iso) => {
  const [y, m, d] = iso.split('-').map(Number);
  return Date.UTC(y, m - 1, d) / 86400000;
};

// Printing shows the chart, its legend, the patient and the date, nothing else of the page: what neither holds nor
// is inside the printable box is not laid out (:has), and where :has is unknown that rule is dropped and the rest of
// the page is only made invisible.
const estilosImpresion = (
  <GlobalStyles
    styles={{
      '.solo-impresion': { display: 'none' },
      '@media print': {
        'body *': { visibility: 'hidden' },
        'body *:not(:has(.odontograma-imprimible)):not(.odontograma-imprimible):not(.odontograma-imprimible *)': {
          display: 'none',
        },
        '.odontograma-imprimible, .odontograma-imprimible *': { visibility: 'visible' },
        '.odontograma-imprimible': { position: 'absolute', left: 0, top: 0, width: '100%' },
        '.odontograma-imprimible .solo-impresion': { display: 'block' },
        '.odontograma-imprimible .no-imprimir, .odontograma-imprimible .anillo-foco, .odontograma-imprimible .marca-seleccion': {
          display: 'none !important',
        },
      },
    }}
  />
);

/**
 * Props: paciente ({id, nombre, apellido}), citaId (the consultation's appointment: the records made here carry it),
 * emergencia (an emergency access the page already declared; otherwise the panel offers its own).
 */
export default function OdontogramaPaciente({ paciente, citaId = null, emergencia: emergenciaDeLaPagina = null }) {
  const { puede } = useAuth();
  const pacienteId = paciente.id;
  const [emergenciaPropia, setEmergenciaPropia] = useState(null);
  const emergencia = emergenciaDeLaPagina ?? emergenciaPropia;
  const [pidiendoEmergencia, setPidiendoEmergencia] = useState(false);
  const [fecha, setFecha] = useState(null); // null: the chart now
  const [valorSlider, setValorSlider] = useState(null);
  const [version, setVersion] = useState(0); // a new record reloads the chart (with its days) and its records
  const [page, setPage] = useState(1);
  const [denticionElegida, setDenticionElegida] = useState(null);
  const [seleccion, setSeleccion] = useState(null);
  const [registrando, setRegistrando] = useState(false);
  const [aviso, setAviso] = useState(null);

  const catalogo = useLoader(() => odontologiaService.condiciones(), []);
  const chart = useLoader(
    () => odontologiaService.odontograma(pacienteId, { fecha, emergencia }),
    [pacienteId, fecha, emergencia, version],
  );
  const sinAcceso = chart.error?.status === 404;
  const registros = useLoader(
    () => (sinAcceso ? Promise.resolve(null) : odontologiaService.registros(pacienteId, { page, per_page: POR_PAGINA, emergencia })),
    [pacienteId, page, emergencia, version, sinAcceso],
  );

  if (chart.loading && !chart.data) return <Loading label="Cargando odontograma…" />;
  if (sinAcceso && !emergencia) {
    return (
      <Box data-testid="odontograma-sin-acceso">
        <Alert severity="info" sx={{ mb: 2 }}>
          {chart.error.message}. Solo puede ver el odontograma de los pacientes que atiende, salvo en una emergencia.
        </Alert>
        {puede('consulta.atender') && (
          <Button variant="contained" color="warning" onClick={() => setPidiendoEmergencia(true)}>
            Acceso de emergencia
          </Button>
        )}
        <EmergenciaDialog
          open={pidiendoEmergencia}
          onClose={() => setPidiendoEmergencia(false)}
          onConfirm={(motivo) => {
            setPidiendoEmergencia(false);
            setEmergenciaPropia(motivo);
          }}
        />
      </Box>
    );
  }
  if (!chart.data) return <ErrorAlert error={chart.error} onRetry={chart.reload} />;

  const condiciones = catalogo.data ?? [];
  const nombres = new Map(condiciones.map((c) => [c.codigo, c.nombre]));
  const nombreDe = (codigo) => nombres.get(codigo) ?? codigo;
  const denticion = denticionElegida ?? chart.data.denticion ?? 'permanente';
  const piezas = chart.data.piezas ?? {};
  const hoy = today();
  // the days the chart changed come with it (all of them, whatever day is shown)
  const paradas = [...new Set([...(chart.data.fechas ?? []), hoy])].filter((d) => d <= hoy).sort();
  const porNumero = new Map(paradas.map((d) => [numeroDeDia(d), d]));
  const diaMostrado = fecha ?? hoy;
  const enElPasado = fecha !== null && fecha < hoy;
  const escribe = puede('odontograma.escribir');

  const moverSlider = (_, valor) => setValorSlider(valor);
  const soltarSlider = (_, valor) => {
    const dia = porNumero.get(valor) ?? hoy;
    setValorSlider(null);
    setSeleccion(null);
    setFecha(dia >= hoy ? null : dia);
  };
  const registrado = () => {
    setRegistrando(false);
    setAviso('Hallazgo registrado en el odontograma.');
    setFecha(null);
    setPage(1);
    setVersion((v) => v + 1);
  };

  return (
    <Box data-testid="odontograma-paciente">
      {estilosImpresion}
      {emergenciaPropia && !emergenciaDeLaPagina && (
        <Alert severity="warning" sx={{ mb: 2 }} data-testid="odontograma-emergencia">
          Acceso de emergencia registrado en la auditoría. Motivo: {emergenciaPropia}
        </Alert>
      )}
      {aviso && (
        <Alert severity="success" sx={{ mb: 2 }} onClose={() => setAviso(null)} data-testid="odontograma-aviso">
          {aviso}
        </Alert>
      )}
      <Box display="flex" flexWrap="wrap" alignItems="center" gap={1.5} mb={1}>
        <Box flexGrow={1}>
          <Typography variant="h6" component="h2" data-testid="odontograma-fecha">
            Odontograma al {formatDate(diaMostrado)}
            {!enElPasado && ' (actual)'}
          </Typography>
          {chart.data.actualizado_en && (
            <Typography variant="body2" color="text.secondary">
              Último hallazgo: {formatDateTime(chart.data.actualizado_en)}
            </Typography>
          )}
        </Box>
        <ToggleButtonGroup
          size="small"
          exclusive
          value={denticion}
          onChange={(_, v) => v && setDenticionElegida(v)}
          aria-label="Dentición"
        >
          {DENTICIONES.map((d) => (
            <ToggleButton key={d} value={d}>
              {ETIQUETAS_DENTICION[d]}
            </ToggleButton>
          ))}
        </ToggleButtonGroup>
        <Button variant="outlined" startIcon={<PrintIcon />} onClick={() => window.print()}>
          Imprimir
        </Button>
        {escribe && (
          <Button
            variant="contained"
            startIcon={<AddIcon />}
            onClick={() => setRegistrando(true)}
            disabled={!catalogo.data || enElPasado}
            title={enElPasado ? 'Vuelva al odontograma de hoy para registrar un hallazgo' : undefined}
          >
            Registrar hallazgo
          </Button>
        )}
      </Box>

      {paradas.length > 1 && (
        <Box px={2} mb={1}>
          <Slider
            aria-label="Fecha del odontograma"
            value={valorSlider ?? numeroDeDia(diaMostrado)}
            min={numeroDeDia(paradas[0])}
            max={numeroDeDia(hoy)}
            step={null}
            marks={paradas.map((d) => ({ value: numeroDeDia(d) }))}
            onChange={moverSlider}
            onChangeCommitted={soltarSlider}
            valueLabelDisplay="auto"
            valueLabelFormat={(v) => formatDate(porNumero.get(v))}
            getAriaValueText={(v) => `al ${formatDate(porNumero.get(v))}`}
            data-testid="odontograma-slider"
          />
          <Box display="flex" justifyContent="space-between">
            <Typography variant="caption" color="text.secondary">
              {formatDate(paradas[0])}
            </Typography>
            <Typography variant="caption" color="text.secondary">
              Hoy
            </Typography>
          </Box>
        </Box>
      )}
      {enElPasado && (
        <Alert severity="info" sx={{ mb: 1 }} data-testid="odontograma-pasado">
          Está viendo el odontograma como estaba al {formatDate(fecha)}; los hallazgos nuevos se registran sobre el de hoy.{' '}
          <Button size="small" onClick={() => setFecha(null)}>
            Volver a hoy
          </Button>
        </Alert>
      )}
      <ErrorAlert error={catalogo.error} onRetry={catalogo.reload} />
      {chart.error && <ErrorAlert error={chart.error} onRetry={chart.reload} />}

      <Box className="odontograma-imprimible" sx={{ opacity: chart.loading ? 0.6 : 1 }} aria-busy={chart.loading}>
        <Box className="solo-impresion" mb={2}>
          <Typography variant="h5" component="p">
            Odontograma de {nombreCompleto(paciente)}
          </Typography>
          <Typography>
            Al {formatDate(diaMostrado)} · Impreso el {formatDate(hoy)}
          </Typography>
        </Box>
        <Odontograma
          denticion={denticion}
          piezas={piezas}
          condiciones={condiciones}
          seleccion={seleccion}
          onSeleccionar={setSeleccion}
          titulo={`Odontograma de ${nombreCompleto(paciente)} al ${formatDate(diaMostrado)}`}
        />
        <Typography variant="body2" sx={{ minHeight: 24, my: 1 }} className="no-imprimir" aria-live="polite" data-testid="odontograma-seleccion">
          {seleccion
            ? `${nombrePieza(seleccion.pieza)}: ${resumenPieza(seleccion.pieza, piezas[String(seleccion.pieza)], nombreDe)}`
            : 'Seleccione una pieza para ver su estado.'}
        </Typography>
        <LeyendaCondiciones condiciones={condiciones} />
      </Box>

      <Box mt={3}>
        <Typography variant="h6" component="h2" gutterBottom>
          Registros del odontograma
        </Typography>
        {registros.loading && !registros.data && <Loading label="Cargando registros…" />}
        <ErrorAlert error={registros.error} onRetry={registros.reload} />
        {registros.data && <RegistrosOdontograma pagina={registros.data} nombreDe={nombreDe} onPage={setPage} />}
      </Box>

      {registrando && (
        <RegistrarHallazgoDialog
          pacienteId={pacienteId}
          citaId={citaId}
          emergencia={emergencia}
          condiciones={condiciones}
          denticion={denticion}
          piezas={piezas}
          seleccionInicial={seleccion}
          onClose={() => setRegistrando(false)}
          onRegistrado={registrado}
        />
      )}
    </Box>
  );
}
