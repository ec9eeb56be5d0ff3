// Every chart of the dashboard and the reports. Loaded lazily (React.lazy): Recharts only ships
// with the pages that draw charts.
import {
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { colorEstado } from '../../utils/estados';
import { etiquetaPeriodo, formatPorcentaje } from '../../utils/periodos';
import { formatMoney, formatMoneyEntero } from '../../utils/money';

const porcentaje = (v) => `${Math.round(v * 100)} %`;

function Marco({ testid, label, height = 260, children }) {
  return (
    <div style={{ width: '100%', height }} data-testid={testid} role="img" aria-label={label}>
      <ResponsiveContainer>{children}</ResponsiveContainer>
    </div>
  );
}

/** datos: [{estado_id, estado, total}] */
function CitasPorEstado({ datos, testid = 'grafico-citas-estado' }) {
  return (
    <Marco testid={testid} label="Citas por estado">
      <BarChart data={datos} margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="estado" tick={{ fontSize: 12 }} interval={0} />
        <YAxis allowDecimals={false} width={36} />
        <Tooltip formatter={(v) => [v, 'Citas']} />
        <Bar dataKey="total" isAnimationActive={false}>
          {datos.map((d) => (
            <Cell key={d.estado_id} fill={colorEstado(d.estado_id).bg} />
          ))}
        </Bar>
      </BarChart>
    </Marco>
  );
}

/** datos: [{periodo, ingresos: "…", pagos: "…"}] */
function Ingresos({ datos, testid = 'grafico-ingresos' }) {
  const puntos = datos.map((d) => ({ periodo: etiquetaPeriodo(d.periodo), ingresos: Number(d.ingresos), pagos: Number(d.pagos) }));
  return (
    <Marco testid={testid} label="Ingresos por periodo">
      <LineChart data={puntos} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="periodo" tick={{ fontSize: 12 }} />
        <YAxis width={70} tickFormatter={(v) => formatMoneyEntero(v.toFixed(0))} />
        <Tooltip formatter={(v, n) => [formatMoney(Number(v).toFixed(2)), n === 'ingresos' ? 'Facturado' : 'Cobrado']} />
        <Legend formatter={(n) => (n === 'ingresos' ? 'Facturado' : 'Cobrado')} />
        <Line type="monotone" dataKey="ingresos" stroke="#1565c0" strokeWidth={2} dot={false} isAnimationActive={false} />
        <Line type="monotone" dataKey="pagos" stroke="#2e7d32" strokeWidth={2} dot={false} isAnimationActive={false} />
      </LineChart>
    </Marco>
  );
}

/** datos: [{medico_id, nombre, apellido, ocupacion, tasa_inasistencia}]; campo: 'ocupacion' | 'tasa_inasistencia' */
function PorMedico({ datos, campo = 'ocupacion', testid }) {
  const puntos = datos.map((d) => ({ medico: `${d.nombre} ${d.apellido}`, valor: d[campo] || 0 }));
  const titulo = campo === 'ocupacion' ? 'Ocupación' : 'Inasistencia';
  return (
    <Marco testid={testid || `grafico-${campo}`} label={`${titulo} por médico`} height={Math.max(180, puntos.length * 36 + 40)}>
      <BarChart data={puntos} layout="vertical" margin={{ top: 8, right: 24, bottom: 8, left: 8 }}>
        <CartesianGrid strokeDasharray="3 3" horizontal={false} />
        <XAxis type="number" domain={[0, 1]} tickFormatter={porcentaje} />
        <YAxis type="category" dataKey="medico" width={140} tick={{ fontSize: 12 }} />
        <Tooltip formatter={(v) => [formatPorcentaje(v), titulo]} />
        <Bar dataKey="valor" fill={campo === 'ocupacion' ? '#6a1b9a' : '#c62828'} isAnimationActive={false} />
      </BarChart>
    </Marco>
  );
}

export default function Grafico({ tipo, ...props }) {
  if (tipo === 'citas-estado') return <CitasPorEstado {...props} />;
  if (tipo === 'ingresos') return <Ingresos {...props} />;
  if (tipo === 'ocupacion') return <PorMedico campo="ocupacion" {...props} />;
  if (tipo === 'inasistencia') return <PorMedico campo="tasa_inasistencia" {...props} />;
  return null;
}
