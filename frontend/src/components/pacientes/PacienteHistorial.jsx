import { Alert } from '@mui/material';
import Loading from '../common/Loading';
import ErrorAlert from '../common/ErrorAlert';
import useLoader from '../../utils/useLoader';
import pacientesService from '../../services/pacientesService';
import HistorialLista from '../consulta/HistorialLista';
import AvisoTruncado from '../common/AvisoTruncado';

/** Read-only clinical history (entries are append-only; writing comes with the consultation view). */
export default function PacienteHistorial({ pacienteId }) {
  const { data, loading, error, reload } = useLoader(() => pacientesService.historial(pacienteId), [pacienteId]);
  if (loading) return <Loading label="Cargando historial clínico…" />;
  // A Médico reads only the history of patients they treat: the API answers 404 for the others.
  if (error?.status === 404) {
    return (
      <Alert severity="info" data-testid="historial-sin-acceso">
        Solo puede consultar el historial clínico de los pacientes que atiende (con una cita o una entrada suya).
      </Alert>
    );
  }
  if (error) return <ErrorAlert error={error} onRetry={reload} />;
  return (
    <>
      <AvisoTruncado lista={data} que="entradas del historial" />
      <HistorialLista
        entradas={data ?? []}
        testId="paciente-historial"
        vacio="El paciente no tiene entradas en su historial clínico."
      />
    </>
  );
}
