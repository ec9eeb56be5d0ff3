// The condition catalogue as the API answers it (GET /api/odontologia/condiciones), for the tests.
export const CONDICIONES = [
  { codigo: 'caries', nombre: 'Caries', ambito: 'superficie', color: '#d32f2f' },
  { codigo: 'obturacion_resina', nombre: 'Obturación de resina', ambito: 'superficie', color: '#1976d2' },
  { codigo: 'obturacion_amalgama', nombre: 'Obturación de amalgama', ambito: 'superficie', color: '#616161' },
  { codigo: 'sellante', nombre: 'Sellante', ambito: 'superficie', color: '#00897b' },
  { codigo: 'fractura', nombre: 'Fractura', ambito: 'pieza', color: '#e65100' },
  { codigo: 'corona', nombre: 'Corona', ambito: 'pieza', color: '#f9a825' },
  { codigo: 'endodoncia', nombre: 'Endodoncia', ambito: 'pieza', color: '#6a1b9a' },
  { codigo: 'implante', nombre: 'Implante', ambito: 'pieza', color: '#283593' },
  { codigo: 'ausente', nombre: 'Ausente', ambito: 'pieza', color: '#1565c0' },
  { codigo: 'extraccion_indicada', nombre: 'Extracción indicada', ambito: 'pieza', color: '#c62828' },
  { codigo: 'protesis_fija', nombre: 'Prótesis fija', ambito: 'pieza', color: '#2e7d32' },
  { codigo: 'protesis_removible', nombre: 'Prótesis removible', ambito: 'pieza', color: '#558b2f' },
  { codigo: 'sano', nombre: 'Sano', ambito: 'pieza', color: '#ffffff' },
];
