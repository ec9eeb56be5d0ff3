// Administración → Importar (Administrador): bring a clinic's patients or future appointments from a CSV or XLSX file.
// Four steps: the file, its columns mapped to the clinic's fields (preview of 20 rows), a dry run, and the real run.
// Both runs happen in the worker: the page follows them until they end.
import { useState } from 'react';
import { Link as RouterLink } from 'react-router-dom';
import { Alert, Box, Button, CircularProgress, Paper, Step, StepLabel, Stepper, Typography } from '@mui/material';
import PageHeader from '../components/common/PageHeader';
import Loading from '../components/common/Loading';
import ErrorAlert from '../components/common/ErrorAlert';
import SeleccionArchivo from '../components/importacion/SeleccionArchivo';
import MapaColumnas from '../components/importacion/MapaColumnas';
import VistaPrevia from '../components/importacion/VistaPrevia';
import ProgresoImportacion from '../components/importacion/ProgresoImportacion';
import ResultadoImportacion from '../components/importacion/ResultadoImportacion';
import ImportacionesRecientes from '../components/importacion/ImportacionesRecientes';
import useImportacion from '../components/importacion/useImportacion';
import importacionesService from '../services/importacionesService';
import { enCurso, mapaInicial, mapaParaEnviar, problemasMapa } from '../utils/importacion';

const PASOS = ['Archivo', 'Columnas', 'Simulación', 'Importación'];

/** The message of a refused request that belongs to `campo` (422 errors.campo), or null. */
const errorDe = (err, campo) => err?.fieldErrors?.[campo] || null;

/** An import being followed: its progress, then its report. */
function Seguimiento({ id, intervalo, onFin }) {
  const { importacion, error, reintentar } = useImportacion(id, { intervalo, onFin });
  if (error) return <ErrorAlert error={error} onRetry={reintentar} />;
  if (!importacion) return <Loading label="Consultando la importación…" />;
  return (
    <Box display="flex" flexDirection="column" gap={2}>
      <ProgresoImportacion importacion={importacion} />
      {importacion.estado === 'terminada' && <ResultadoImportacion importacion={importacion} />}
    </Box>
  );
}

const INICIAL = {
  paso: 0,
  previa: null,
  mapa: {},
  simulacion: null, // {id, estado} of the dry run
  importacion: null, // {id, estado} of the real run
};

/** `intervaloSondeo`: ms between two questions about a running import (tests shorten it). */
export default function Importar({ intervaloSondeo = 1000 }) {
  const [tipo, setTipo] = useState('pacientes');
  const [archivo, setArchivo] = useState(null);
  const [flujo, setFlujo] = useState(INICIAL);
  const [enviando, setEnviando] = useState(false);
  const [errores, setErrores] = useState({ archivo: null, mapa: null, general: null });
  const [recarga, setRecarga] = useState(0);
  const { paso, previa, mapa, simulacion, importacion } = flujo;

  const limpiarErrores = () => setErrores({ archivo: null, mapa: null, general: null });
  const recargarLista = () => setRecarga((n) => n + 1);

  /** A refused request: the file's and the map's errors where they belong, anything else at the top. */
  const mostrarError = (err) => {
    const archivoMal = errorDe(err, 'archivo') || (err?.status === 413 ? err.message : null);
    const mapaMal = errorDe(err, 'mapa');
    setErrores({ archivo: archivoMal, mapa: mapaMal, general: archivoMal || mapaMal ? null : err });
    if (archivoMal) setFlujo(INICIAL);
  };

  const cambiarTipo = (nuevo) => {
    setTipo(nuevo);
    setFlujo(INICIAL);
    limpiarErrores();
  };
  const cambiarArchivo = (nuevo) => {
    setArchivo(nuevo);
    setFlujo(INICIAL);
    limpiarErrores();
  };

  const leerArchivo = async () => {
    if (previa) {
      // back from the columns with the same file and kind: keep the map
      irA(1);
      return;
    }
    setEnviando(true);
    limpiarErrores();
    try {
      const leida = await importacionesService.previsualizar(archivo, tipo);
      setFlujo({ ...INICIAL, paso: 1, previa: leida, mapa: mapaInicial(leida.columnas, leida.sugerencias, leida.campos) });
    } catch (err) {
      mostrarError(err);
    } finally {
      setEnviando(false);
    }
  };

  const lanzar = async (simular) => {
    setEnviando(true);
    limpiarErrores();
    try {
      const { id } = await importacionesService.crear({ archivo, tipo, mapa: mapaParaEnviar(mapa), simular });
      const seguida = { id, estado: 'en_cola' };
      setFlujo((f) => (simular ? { ...f, paso: 2, simulacion: seguida, importacion: null } : { ...f, paso: 3, importacion: seguida }));
      recargarLista();
    } catch (err) {
      mostrarError(err);
    } finally {
      setEnviando(false);
    }
  };

  const cambiarMapa = (columna, campo) => {
    setFlujo((f) => ({ ...f, mapa: { ...f.mapa, [columna]: campo }, simulacion: null }));
    setErrores((e) => ({ ...e, mapa: null }));
  };

  const irA = (n) => {
    setFlujo((f) => ({ ...f, paso: n }));
    limpiarErrores();
  };

  const reiniciar = () => {
    setArchivo(null);
    setFlujo(INICIAL);
    limpiarErrores();
  };

  const terminada = (clave) => (seguida) => {
    setFlujo((f) => (f[clave]?.id === seguida.id ? { ...f, [clave]: { id: seguida.id, estado: seguida.estado } } : f));
    recargarLista();
  };

  const problemas = previa ? problemasMapa(mapa, previa.campos) : { faltantes: [], repetidos: [] };
  const mapaValido = problemas.faltantes.length === 0 && problemas.repetidos.length === 0 && Object.keys(mapaParaEnviar(mapa)).length > 0;

  return (
    <>
      <PageHeader
        title="Importar datos"
        subtitle="Pacientes o citas futuras desde un archivo CSV o XLSX: asigne las columnas, simule y después importe"
        actions={
          <Button component={RouterLink} to="/administracion">
            Volver a Administración
          </Button>
        }
      />
      <Paper sx={{ p: 2, mb: 3 }}>
        <Stepper activeStep={paso} alternativeLabel sx={{ mb: 3 }}>
          {PASOS.map((label) => (
            <Step key={label}>
              <StepLabel>{label}</StepLabel>
            </Step>
          ))}
        </Stepper>
        <ErrorAlert error={errores.general} onClose={() => setErrores((e) => ({ ...e, general: null }))} />

        {paso === 0 && (
          <>
            <SeleccionArchivo tipo={tipo} onTipo={cambiarTipo} archivo={archivo} onArchivo={cambiarArchivo} error={errores.archivo} disabled={enviando} />
            <Acciones>
              <Button variant="contained" onClick={leerArchivo} disabled={!archivo || enviando} startIcon={enviando ? <CircularProgress size={16} /> : null}>
                {enviando ? 'Leyendo el archivo…' : 'Continuar'}
              </Button>
            </Acciones>
          </>
        )}

        {paso === 1 && previa && (
          <>
            <MapaColumnas previa={previa} mapa={mapa} onCambio={cambiarMapa} error={errores.mapa} disabled={enviando} />
            <Box mt={3}>
              <VistaPrevia previa={previa} mapa={mapa} />
            </Box>
            <Acciones>
              <Button onClick={() => irA(0)} disabled={enviando}>
                Atrás
              </Button>
              <Button variant="contained" onClick={() => lanzar(true)} disabled={!mapaValido || enviando}>
                {enviando ? 'Enviando…' : 'Simular'}
              </Button>
            </Acciones>
          </>
        )}

        {paso === 2 && simulacion && (
          <>
            <Typography variant="body2" color="text.secondary" mb={2}>
              La simulación revisa cada fila con las mismas reglas que la importación, sin guardar nada.
            </Typography>
            <Seguimiento id={simulacion.id} intervalo={intervaloSondeo} onFin={terminada('simulacion')} />
            <Acciones>
              <Button onClick={() => irA(1)} disabled={enviando}>
                Cambiar columnas
              </Button>
              <Button variant="contained" onClick={() => lanzar(false)} disabled={simulacion.estado !== 'terminada' || enviando}>
                {enviando ? 'Enviando…' : 'Importar'}
              </Button>
            </Acciones>
          </>
        )}

        {paso === 3 && importacion && (
          <>
            <Seguimiento id={importacion.id} intervalo={intervaloSondeo} onFin={terminada('importacion')} />
            {enCurso(importacion) && (
              <Alert severity="info" sx={{ mt: 2 }}>
                Puede salir de esta página: la importación continúa en el servidor y su resultado aparece en la lista de abajo.
              </Alert>
            )}
            <Acciones>
              <Button variant="contained" onClick={reiniciar}>
                Importar otro archivo
              </Button>
            </Acciones>
          </>
        )}
      </Paper>
      <Paper sx={{ p: 2 }}>
        <ImportacionesRecientes recarga={recarga} />
      </Paper>
    </>
  );
}

function Acciones({ children }) {
  return (
    <Box display="flex" justifyContent="flex-end" gap={1} mt={3}>
      {children}
    </Box>
  );
}
