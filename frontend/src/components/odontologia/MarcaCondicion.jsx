import { LADO, zonaRaiz } from './geometria';

const L = LADO;

/**
 * The symbol of a whole-tooth condition over a tooth drawn at (0, 0): an X for a missing tooth or an indicated
 * extraction, a ring for a crown, a canal in the root for a root canal treatment, a screw for an implant, a zigzag
 * for a fracture, a bar (solid: fixed, dashed: removable) across the root zone for a prosthesis, a dot otherwise.
 * Decorative: the tooth's accessible name says the condition in words.
 */
export default function MarcaCondicion({ codigo, color, superior = true }) {
  const [r0, r1] = zonaRaiz(superior);
  const medio = (r0 + r1) / 2;
  const comun = { stroke: color, fill: 'none', strokeLinecap: 'round', pointerEvents: 'none', 'data-marca': codigo };
  switch (codigo) {
    case 'ausente':
    case 'extraccion_indicada':
      return (
        <g {...comun} strokeWidth={codigo === 'ausente' ? 3 : 4}>
          <line x1={-3} y1={-3} x2={L + 3} y2={L + 3} />
          <line x1={L + 3} y1={-3} x2={-3} y2={L + 3} />
        </g>
      );
    case 'corona':
      return <circle {...comun} cx={L / 2} cy={L / 2} r={L / 2 + 3} strokeWidth={3} />;
    case 'endodoncia':
      return (
        <g {...comun} strokeWidth={3}>
          <line x1={L / 2} y1={r0} x2={L / 2} y2={r1} />
          <line x1={L / 2 - 5} y1={superior ? r1 : r0} x2={L / 2 + 5} y2={superior ? r1 : r0} />
        </g>
      );
    case 'implante':
      return (
        <g {...comun} strokeWidth={2}>
          <rect x={L / 2 - 5} y={r0} width={10} height={r1 - r0} fill={color} fillOpacity={0.25} />
          <line x1={L / 2 - 5} y1={medio - 3} x2={L / 2 + 5} y2={medio - 3} />
          <line x1={L / 2 - 5} y1={medio + 3} x2={L / 2 + 5} y2={medio + 3} />
        </g>
      );
    case 'fractura':
      return <polyline {...comun} strokeWidth={3} points={`4,6 17,20 24,14 36,34`} />;
    case 'protesis_fija':
      return <line {...comun} strokeWidth={4} x1={-6} y1={medio} x2={L + 6} y2={medio} />;
    case 'protesis_removible':
      return <line {...comun} strokeWidth={4} strokeDasharray="5 4" x1={-6} y1={medio} x2={L + 6} y2={medio} />;
    default:
      return <circle {...comun} fill={color} cx={L / 2} cy={medio} r={4} />;
  }
}
