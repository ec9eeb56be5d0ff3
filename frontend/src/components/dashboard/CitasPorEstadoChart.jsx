// Loaded lazily: Recharts only ships with the pages that draw charts.
import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { colorEstado } from '../../utils/estados';

export default function CitasPorEstadoChart({ datos }) {
  return (
    <div style={{ width: '100%', height: 260 }} data-testid="chart-citas-estado" role="img" aria-label="Citas de hoy por estado">
      <ResponsiveContainer>
        <BarChart data={datos} margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="nombre" tick={{ fontSize: 12 }} interval={0} />
          <YAxis allowDecimals={false} width={32} />
          <Tooltip formatter={(v) => [v, 'Citas']} />
          <Bar dataKey="total" isAnimationActive={false}>
            {datos.map((d) => (
              <Cell key={d.id} fill={colorEstado(d.id).bg} />
            ))}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
