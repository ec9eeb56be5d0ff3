import { describe, expect, it } from 'vitest';
import { formatearTamano, mapaInicial, mapaParaEnviar, problemaArchivo, problemasMapa, TAMANO_MAXIMO } from './importacion';
import { MONEDA_POR_DEFECTO, setMoneda } from './money';

const archivo = (name, size) => {
  const f = new File(['x'], name);
  Object.defineProperty(f, 'size', { value: size });
  return f;
};

const CAMPOS = [
  { campo: 'nombre', etiqueta: 'Nombre', obligatorio: true },
  { campo: 'apellido', etiqueta: 'Apellidos', obligatorio: true },
  { campo: 'telefono', etiqueta: 'Teléfono', obligatorio: false },
];

describe('the files an import takes', () => {
  it('are CSV or XLSX, whatever the case of the extension', () => {
    expect(problemaArchivo(archivo('pacientes.csv', 10))).toBeNull();
    expect(problemaArchivo(archivo('PACIENTES.XLSX', 10))).toBeNull();
  });

  it('are never another kind, an empty file or more than 20 MiB', () => {
    expect(problemaArchivo(archivo('pacientes.xls', 10))).toMatch('no es un archivo CSV ni XLSX');
    expect(problemaArchivo(archivo('pacientes', 10))).toMatch('no es un archivo CSV ni XLSX');
    expect(problemaArchivo(archivo('vacio.csv', 0))).toMatch('está vacío');
    expect(problemaArchivo(archivo('enorme.csv', TAMANO_MAXIMO + 1))).toMatch('el máximo es 20 MiB');
    expect(problemaArchivo(archivo('justo.csv', TAMANO_MAXIMO))).toBeNull();
  });

  it('show their size in binary units, as the limit is counted', () => {
    expect(formatearTamano(512)).toBe('512 B');
    expect(formatearTamano(1536)).toBe('1.5 KiB');
    expect(formatearTamano(3 * 1024 * 1024)).toBe('3 MiB');
    expect(formatearTamano(TAMANO_MAXIMO)).toBe('20 MiB');
  });

  it('write the number as the clinic\'s country does', () => {
    try {
      setMoneda('EUR');
      expect(formatearTamano(1536)).toBe('1,5 KiB');
    } finally {
      setMoneda(MONEDA_POR_DEFECTO);
    }
  });
});

describe('the column map', () => {
  it('starts from the server\'s suggestions, leaving out unknown fields', () => {
    expect(mapaInicial(['Nombre', 'Tel.', 'Otra', 'Raro'], { Nombre: 'nombre', 'Tel.': 'telefono', Otra: null, Raro: 'inventado' }, CAMPOS)).toEqual({
      Nombre: 'nombre',
      'Tel.': 'telefono',
      Otra: '',
      Raro: '',
    });
  });

  it('names the required fields left unmapped and the fields chosen twice', () => {
    expect(problemasMapa({ A: 'nombre', B: 'telefono', C: 'telefono' }, CAMPOS)).toEqual({ faltantes: ['apellido'], repetidos: ['telefono'] });
    expect(problemasMapa({ A: 'nombre', B: 'apellido', C: '' }, CAMPOS)).toEqual({ faltantes: [], repetidos: [] });
  });

  it('is sent with the imported columns only', () => {
    expect(mapaParaEnviar({ A: 'nombre', B: '', C: 'apellido' })).toEqual({ A: 'nombre', C: 'apellido' });
  });
});
